"""``{% vehicle_order_url trip as url %}``: the vehicle-order page for Văn phòng, else ""."""

from django import template

from ..vehicle import vehicle_order_url as _vehicle_order_url

register = template.Library()


@register.simple_tag(takes_context=True)
def vehicle_order_url(context, trip) -> str:
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None:
        return ""
    return _vehicle_order_url(user=user, trip=trip)
