"""TODO(staff_login): placeholder until its helper lands."""

from fastapi import APIRouter

router = APIRouter()
