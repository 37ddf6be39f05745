"""TODO(staff_conversations): placeholder until its helper lands."""

from fastapi import APIRouter

router = APIRouter()
