from django.core.management import call_command

from portal.storage import StaticStorage


def test_collectstatic_keeps_a_reference_to_a_file_the_package_does_not_ship(tmp_path, settings):
    source = tmp_path / "src" / "pkg"
    source.mkdir(parents=True)
    (source / "present.woff2").write_bytes(b"font")
    (source / "fonts.css").write_text(
        "@font-face { src: url(missing.woff2) format('woff2'), url(present.woff2); }"
    )
    settings.STATICFILES_DIRS = [str(tmp_path / "src")]
    settings.STATICFILES_FINDERS = ["django.contrib.staticfiles.finders.FileSystemFinder"]
    settings.STATIC_ROOT = str(tmp_path / "root")
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "portal.storage.StaticStorage"},
    }

    call_command("collectstatic", interactive=False, verbosity=0)

    storage = StaticStorage(location=settings.STATIC_ROOT)
    css = (tmp_path / "root" / storage.stored_name("pkg/fonts.css")).read_text()
    assert 'url("missing.woff2")' in css
    assert 'url("present.47a282dfe68a.woff2")' in css  # the others are hashed as usual
