"""One router per audience: health probes, specification readers, staff."""
