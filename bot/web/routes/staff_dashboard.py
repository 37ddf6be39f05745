"""TODO(staff_dashboard): placeholder until its helper lands."""

from fastapi import APIRouter

router = APIRouter()
