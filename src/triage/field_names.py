"""The dotted names of a nested pydantic model's fields (`client.birth_date`), in the model's
order: the columns of flat exports and the names of form fields are read from the models, so a
field added to a model is a column without a second list to keep in step."""

from __future__ import annotations

import types
import typing

from pydantic import BaseModel


def dotted_field_names(model: type[BaseModel], prefix: str = "") -> tuple[str, ...]:
    """Every leaf field of `model` by its (alias) name, a nested model's fields as `outer.inner`;
    a list of models is one field."""
    names: list[str] = []
    for name, info in model.model_fields.items():
        key = prefix + (info.alias or name)
        nested = _nested_model(info.annotation)
        names.extend(dotted_field_names(nested, key + ".") if nested else (key,))
    return tuple(names)


def _nested_model(annotation: object) -> type[BaseModel] | None:
    """The model of a field typed `Model` or `Model | None`, else None."""
    if typing.get_origin(annotation) in (typing.Union, types.UnionType):
        members = [a for a in typing.get_args(annotation) if a is not type(None)]
        annotation = members[0] if len(members) == 1 else None
    return annotation if isinstance(annotation, type) and issubclass(annotation, BaseModel) else None
