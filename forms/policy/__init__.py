"""Approval policies: a decision table edited in the admin, resolved into approvers.

``blocks`` is what administrators edit, ``engine`` turns a policy into a chain of approvers
for one requester, ``validation`` reports problems when the policy is saved, and ``demo``
holds the An Giang and Hải Dương leave tables (domain.md §2).
"""
