#!/usr/bin/env bash
# Regenerate the portal's own catalogues (locale/vi, locale/en) after changing UI text:
#   1. makemessages collects the msgids of the code and templates (no JS uses gettext);
#   2. fill_vi_catalogue.py fills locale/vi (the msgids are Vietnamese) and tidies both headers;
#   3. compilemessages builds the .mo files of locale/vi and locale/en only.
# locale/allauth/vi is a hand-kept catalogue for django-allauth and is never touched here.
# New or changed English messages are then translated by hand in locale/en/LC_MESSAGES/django.po
# (`msgfmt --check --statistics` lists what is left), and this script is run again to compile.
set -euo pipefail
cd "$(dirname "$0")/.."

UV=${UV:-$(command -v uv || echo "$PWD/.tools/bin/uv")}
run() { "$UV" run --frozen "$@"; }

ignore=(--ignore=.venv --ignore=.tools --ignore=var --ignore=tests --ignore=node_modules
        --ignore=locale/allauth)

run python manage.py makemessages -l vi -l en --no-obsolete "${ignore[@]}"
run python scripts/fill_vi_catalogue.py locale

# Without settings compilemessages looks only in ./locale (not in LOCALE_PATHS, which would
# add locale/allauth); with -l vi -l en that is locale/vi and locale/en.
env -u DJANGO_SETTINGS_MODULE "$UV" run --frozen python -m django compilemessages \
    -l vi -l en "${ignore[@]}" --ignore='.*'

for po in locale/vi/LC_MESSAGES/django.po locale/en/LC_MESSAGES/django.po; do
  echo "$po: $(LC_ALL=C msgfmt --check --statistics -o /dev/null "$po" 2>&1)"
done
