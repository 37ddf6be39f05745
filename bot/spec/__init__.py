"""Specifications: the confirmed, priced, schema-valid record of a customer's design."""

from bot.spec.builder import build_specification
from bot.spec.errors import SpecificationError
from bot.spec.ids import new_spec_id
from bot.spec.schema import validate_specification

__all__ = ["SpecificationError", "build_specification", "new_spec_id", "validate_specification"]
