"""Cache invalidation and moderation set-up, wired in DisclosureConfig.ready()."""

from django.db.models.signals import post_delete, post_migrate, post_save
from wagtail.models import CollectionViewRestriction, Page, PageViewRestriction
from wagtail.signals import page_published, page_unpublished, post_page_move

from .cache import cache_invalidate


def _invalidate(**kwargs) -> None:
    cache_invalidate()


def _page_deleted(sender, instance, **kwargs) -> None:
    if isinstance(instance, Page):
        cache_invalidate()


def _board_saved(sender, instance, created, raw=False, **kwargs) -> None:
    if created and not raw:
        from .services import disclosure_moderation_ensure

        disclosure_moderation_ensure()


def _after_migrate(sender, app_config=None, using="default", **kwargs) -> None:
    from django.apps import apps

    # Last app only: the document and page permissions must exist by then.
    if app_config is None or app_config is not list(apps.get_app_configs())[-1]:
        return
    from .services import disclosure_moderation_ensure

    disclosure_moderation_ensure()


def connect() -> None:
    from wagtail.documents import get_document_model

    from .models import DisclosureCategory, DisclosureIndexPage

    for signal in (page_published, page_unpublished, post_page_move):
        signal.connect(_invalidate, dispatch_uid=f"disclosure-cache-{id(signal)}")
    post_delete.connect(_page_deleted, dispatch_uid="disclosure-cache-page-delete")
    for model in (
        PageViewRestriction,
        CollectionViewRestriction,
        DisclosureCategory,
        get_document_model(),
    ):
        for signal in (post_save, post_delete):
            signal.connect(
                _invalidate, sender=model, dispatch_uid=f"disclosure-cache-{model.__name__}"
            )
    post_save.connect(_board_saved, sender=DisclosureIndexPage, dispatch_uid="disclosure-board")
    post_migrate.connect(_after_migrate, dispatch_uid="disclosure-moderation")
