"""django-ninja names an OpenAPI component after its class: two schemas of one name in two
apps silently become one, and every response of the other is then checked (and documented)
against the wrong shape. Schemathesis found it once (workshops' and actions' ChangeOut)."""

import importlib
import pkgutil

from pydantic import BaseModel

import teekond


def test_no_two_api_schemas_share_a_name():
    seen: dict[str, str] = {}
    clashes = []
    for info in pkgutil.iter_modules(teekond.__path__):
        try:
            module = importlib.import_module(f"teekond.{info.name}.schemas")
        except ModuleNotFoundError:
            continue
        for name, value in vars(module).items():
            if not (isinstance(value, type) and issubclass(value, BaseModel)):
                continue
            if value.__module__ != module.__name__ or not value.model_fields:
                continue  # imported from elsewhere, or a base without fields
            if name in seen:
                clashes.append((name, seen[name], module.__name__))
            seen[name] = module.__name__
    assert clashes == []
    assert len(seen) > 50  # the scan found the apps' schemas
