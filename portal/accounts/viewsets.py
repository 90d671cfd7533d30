from wagtail.users.views.users import UserViewSet


class PortalUserViewSet(UserViewSet):
    """Wagtail's user admin; Vietnamese display names come from User.get_full_name."""
