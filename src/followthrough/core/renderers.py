"""The API's JSON: every time in ISO 8601 with the offset of the member's zone (core.clock)."""

from __future__ import annotations

import json
from datetime import datetime, tzinfo
from typing import Any

from django.http import HttpRequest
from ninja.renderers import JSONRenderer
from ninja.responses import NinjaJSONEncoder

from followthrough.core import clock


class LocalTimeEncoder(NinjaJSONEncoder):
    def __init__(self, *args: Any, zone: tzinfo, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.zone = zone

    def default(self, o: Any) -> Any:
        if isinstance(o, datetime) and o.tzinfo is not None:
            return o.astimezone(self.zone).isoformat()
        return super().default(o)


class LocalTimeRenderer(JSONRenderer):
    """Times in the zone of the member the request is authenticated as (UTC without one)."""

    def render(self, request: HttpRequest, data: Any, *, response_status: int) -> Any:
        member = getattr(request, "auth", None) or getattr(request, "member", None)
        zone = clock.zone(getattr(member, "timezone", None))
        return json.dumps(data, cls=LocalTimeEncoder, zone=zone)
