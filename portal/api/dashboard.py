"""The dashboard's figures as JSON: GET /api/v1/dashboard/."""

from ninja import Router

router = Router(tags=["Theo dõi"])
