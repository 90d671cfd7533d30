"""Validation of the rows read from the workbook, collecting every problem as a RowError."""

from __future__ import annotations

import re
from functools import partial

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from portal.accounts.models import User

from ..models import MAX_TREE_DEPTH, Unit
from .sheets import (
    STAFF_COLUMNS,
    STAFF_SHEET,
    UNIT_COLUMNS,
    UNIT_SHEET,
    RowError,
    SheetRows,
    _label,
    _names,
    cell_date,
    cell_text,
    email_problem,
    group_lookup,
    kind_lookup,
    normalise_key,
    position_lookup,
    users_by_lower,
)

# --- checking ------------------------------------------------------------------------------

YES = {"co", "x", "yes", "y", "1", "true", "dung"}
NO = {"khong", "k", "no", "n", "0", "false", "sai"}
MEMBERSHIP_KEYS = ("unit", "position", "start_date")


class _Checker:
    def __init__(self):
        self.errors: list[RowError] = []
        self.db_units = {u.code.upper(): u for u in Unit.objects.all()}
        self.file_units: dict[str, dict] = {}

    def add(self, sheet: str, row: int, key: str, message: str) -> None:
        columns = UNIT_COLUMNS if sheet == UNIT_SHEET else STAFF_COLUMNS
        self.errors.append(RowError(sheet, row, _label(columns, key), message))

    def sorted_errors(self) -> list[RowError]:
        return sorted(self.errors, key=lambda e: (e.sheet != UNIT_SHEET, e.row or 0))

    def required(self, sheet: str, columns, row: dict) -> None:
        for column in columns:
            if column.required and not row[column.key]:
                self.add(sheet, row["row"], column.key, _("ô này không được để trống."))

    def fields(self, sheet: str, instance, row: dict) -> None:
        """Apply the model's own field rules (lengths, username characters, choices)."""
        names = {k for k in ("code", "name", "short_name", "kind", "username") if row.get(k)}
        names |= {k for k in ("first_name", "last_name") if row.get(k)}
        exclude = [f.name for f in instance._meta.fields if f.name not in names]
        try:
            instance.clean_fields(exclude=exclude)
        except ValidationError as exc:
            for name, messages in exc.message_dict.items():
                self.add(sheet, row["row"], name, " ".join(messages))

    def units(self, sheet: SheetRows | None) -> list[dict]:
        kinds, rows = kind_lookup(), []
        for number, cells in sheet or []:
            row = {"row": number} | {k: cell_text(v) for k, v in cells.items()}
            row["code"] = row["code"].upper()
            if "parent" in row:
                row["parent"] = row["parent"].upper()
            self.required(UNIT_SHEET, UNIT_COLUMNS, row)
            if row["code"] in self.file_units:
                message = _('mã "%(code)s" đã có ở dòng %(row)s.')
                seen = {"code": row["code"], "row": self.file_units[row["code"]]["row"]}
                self.add(UNIT_SHEET, number, "code", message % seen)
            elif row["code"]:
                self.file_units[row["code"]] = row
            if row["kind"]:
                kind = kinds.get(normalise_key(row["kind"]))
                if kind is None:
                    message = _('không có loại đơn vị "%(kind)s"; hãy dùng một trong: %(choices)s.')
                    choices = ", ".join(str(label) for label in Unit.Kind.labels)
                    self.add(UNIT_SHEET, number, "kind", message % {**row, "choices": choices})
                row["kind"] = kind
            fields = {k: row.get(k) or "" for k in ("code", "name", "short_name", "kind")}
            self.fields(UNIT_SHEET, Unit(**fields), row)
            rows.append(row)
        return rows

    def staff(self, sheet: SheetRows | None) -> list[dict]:
        rows = [
            {"row": n, "cells": cells} | {k: cell_text(v) for k, v in cells.items()}
            for n, cells in sheet or []
        ]
        in_file = {row["username"].lower() for row in rows}
        users = users_by_lower("username", in_file)
        owners = users_by_lower("email", {row["email"].lower() for row in rows})
        positions, groups = position_lookup(), group_lookup()
        seen_users: dict[str, int] = {}
        seen_emails: dict[str, int] = {}
        for row in rows:
            add = partial(self.add, STAFF_SHEET, row["row"])
            self.required(STAFF_SHEET, STAFF_COLUMNS, row)
            key, email = row["username"].lower(), row["email"].lower()
            # allauth looks e-mail addresses up lower-cased, so store them that way.
            row["email"], row["user"] = email, users.get(key)
            if key in seen_users:
                message = _('tên đăng nhập "%(username)s" đã có ở dòng %(row)s.')
                add("username", message % {"username": row["username"], "row": seen_users[key]})
            elif key:
                seen_users[key] = row["row"]
            owner = owners.get(email)
            if email and (problem := email_problem(email)):
                add("email", problem)
            elif email in seen_emails:
                message = _('email "%(email)s" đã có ở dòng %(row)s.')
                add("email", message % {"email": email, "row": seen_emails[email]})
            elif owner and owner != row["user"] and owner.username.lower() not in in_file:
                message = _('email "%(email)s" đã được dùng cho tài khoản "%(username)s".')
                add("email", message % {"email": email, "username": owner.username})
            if email:
                seen_emails.setdefault(email, row["row"])
            self.fields(STAFF_SHEET, User(username=row["username"], **_names(row)), row)
            self.membership(row, positions, add)
            row["groups"] = self.group_codes(row.get("groups", ""), groups, add)
            if "is_primary" in row:
                flag = normalise_key(row["is_primary"])
                row["is_primary"] = not flag or flag in YES
                if flag and flag not in YES | NO:
                    add("is_primary", _('hãy ghi "có" hoặc "không".'))
        return rows

    def membership(self, row: dict, positions, add) -> None:
        row["unit"] = row.get("unit", "").upper()
        if not any(row.get(k) for k in MEMBERSHIP_KEYS):
            return
        for key in MEMBERSHIP_KEYS:
            if not row.get(key):
                add(key, _("cần nhập cả mã đơn vị, mã chức vụ và ngày vào làm."))
        code = row["unit"]
        if code and code not in self.file_units and code not in self.db_units:
            add("unit", _('không có đơn vị "%(code)s".') % {"code": code})
        if row.get("position"):
            position = positions.get(normalise_key(row["position"]))
            if position is None:
                add("position", _('không có chức vụ "%(code)s".') % {"code": row["position"]})
            row["position"] = position
        if row.get("start_date"):
            try:
                row["start_date"] = cell_date(row["cells"]["start_date"])
            except (ValueError, TypeError):
                message = _('ngày "%(value)s" không hợp lệ; hãy ghi theo dạng dd/mm/yyyy.')
                add("start_date", message % {"value": row["start_date"]})

    def group_codes(self, text: str, groups: dict[str, str], add) -> list[str]:
        codes = []
        for name in filter(None, (part.strip() for part in re.split(r"[,;]", text))):
            if (code := groups.get(normalise_key(name))) is None:
                add("groups", _('không có nhóm "%(name)s".') % {"name": name})
            codes.append(code)
        return codes

    def tree(self, rows: list[dict]) -> None:
        """The same rules as Unit.clean(), on the tree as it will be after the import."""
        code_of = {u.pk: code for code, u in self.db_units.items()}
        parent = {code: code_of.get(u.parent_id, "") for code, u in self.db_units.items()}
        kind = {code: u.kind for code, u in self.db_units.items()}
        active = {code for code, u in self.db_units.items() if u.is_active}
        for row in self.file_units.values():
            parent[row["code"]] = row.get("parent", parent.get(row["code"], ""))
            kind[row["code"]] = row["kind"]
            if row["code"] not in self.db_units:
                active.add(row["code"])
        roots = {code for code in active if not parent[code]}
        for row in rows:
            code, add = row["code"], partial(self.add, UNIT_SHEET, row["row"], "parent")
            if not code or self.file_units.get(code) is not row:
                continue
            if parent[code] and parent[code] not in parent:
                add(_('không có đơn vị "%(code)s".') % {"code": parent[code]})
                continue
            if not parent[code]:
                if kind[code] and kind[code] != Unit.Kind.DEPARTMENT:
                    add(_("chỉ Sở mới được là đơn vị gốc."))
                elif others := sorted(roots - {code}):
                    message = _('đã có đơn vị gốc "%(code)s"; chỉ được có một đơn vị gốc.')
                    add(message % {"code": others[0]})
            node, seen = parent[code], {code}
            while node and node in parent:
                if node == code:
                    add(_("đơn vị cấp trên tạo thành vòng lặp trong cây đơn vị."))
                    break
                if node in seen or len(seen) > MAX_TREE_DEPTH:
                    if node not in seen:
                        add(_("cây đơn vị quá sâu."))
                    break
                seen.add(node)
                node = parent[node]

    def overseers(self, rows: list[dict], staff_usernames: set[str]) -> None:
        wanted = {row["overseer"].lower() for row in rows if row.get("overseer")}
        known = set(users_by_lower("username", wanted)) | staff_usernames
        for row in rows:
            if row.get("overseer") and row["overseer"].lower() not in known:
                message = _('không có người dùng "%(username)s".') % {"username": row["overseer"]}
                self.add(UNIT_SHEET, row["row"], "overseer", message)
