"""Answers kept for one request: asked once, forgotten when the rows change or the request ends."""

import pytest

from portal.memo import RequestMemoMiddleware, request_memo
from portal.org.models import Membership
from portal.org.selectors import primary_membership

pytestmark = pytest.mark.django_db


def within_a_request(view):
    return RequestMemoMiddleware(lambda request: view())(None)


def test_outside_a_request_every_call_computes():
    calls = []
    request_memo("k", lambda: calls.append(1))
    request_memo("k", lambda: calls.append(1))
    assert len(calls) == 2


def test_within_a_request_the_answer_is_kept_then_dropped_at_its_end():
    calls = []

    def view():
        return [request_memo("k", lambda: calls.append(1) or len(calls)) for _ in range(3)]

    assert within_a_request(view) == [1, 1, 1]
    assert within_a_request(view) == [2, 2, 2]


def test_a_membership_saved_during_the_request_is_seen_afterwards(org, django_assert_num_queries):
    person = org["chuyenvien"]

    def view():
        first = primary_membership(user=person)
        with django_assert_num_queries(0):
            assert primary_membership(user=person) is first
        first.position = org["truongphong"].memberships.first().position
        first.save()
        return first, primary_membership(user=person)

    before, after = within_a_request(view)
    assert after is not before
    assert after.position_id == before.position_id
    assert Membership.objects.get(pk=after.pk).position_id == after.position_id


def test_a_role_given_during_the_request_is_seen_afterwards(org):
    from forms.overtime.desk import may_use_desk
    from portal.org import roles
    from tests.factories import add_to_role

    person = org["chuyenvien"]

    def view():
        before = may_use_desk(user=person)
        add_to_role(person, roles.SECURITY)
        return before, may_use_desk(user=person)

    assert within_a_request(view) == (False, True)
