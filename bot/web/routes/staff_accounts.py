"""TODO(staff_accounts): placeholder until its helper lands."""

from fastapi import APIRouter

router = APIRouter()
