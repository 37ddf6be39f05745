"""One router per audience: shoppers (shop page, widget files), health, specs, staff."""
