"""Unit heads reach the Wagtail admin (to approve công khai items), and nobody else by post."""

from django.contrib.auth.models import AnonymousUser


def test_a_unit_head_may_open_the_admin(org):
    assert org["truongphong"].has_perm("wagtailadmin.access_admin")
    assert org["giamdoc_tt"].has_perm("wagtailadmin.access_admin")


def test_staff_and_deputies_may_not(org):
    assert not org["chuyenvien"].has_perm("wagtailadmin.access_admin")
    assert not org["phophong"].has_perm("wagtailadmin.access_admin")
    assert not AnonymousUser().has_perm("wagtailadmin.access_admin")


def test_a_head_gets_nothing_else_from_his_post(org):
    assert not org["truongphong"].has_perm("wagtailcore.publish_page")
    assert not org["truongphong"].has_perm("documents.change_documenttemplate")


def test_an_inactive_head_gets_nothing(org):
    head = org["truongphong"]
    head.is_active = False
    head.save()
    assert not head.has_perm("wagtailadmin.access_admin")
