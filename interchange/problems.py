"""Problems found in a document, each with its JSON path, and the schema check that finds the first ones."""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from jsonschema import Draft202012Validator, FormatChecker

from core.fields import text_problem

SCHEMA_PATH = Path(__file__).with_name("schema.json")


_SURROGATES = re.compile("[\ud800-\udfff]")


@dataclass(frozen=True)
class Problem:
    path: str
    message: str

    def __post_init__(self) -> None:
        # A path or message quoting the document's own text must still print: a lone surrogate in it would
        # stop the command's output and the preview page with UnicodeEncodeError. Shown as U+FFFD instead.
        object.__setattr__(self, "path", _SURROGATES.sub("\ufffd", self.path))
        object.__setattr__(self, "message", _SURROGATES.sub("\ufffd", self.message))

    def __str__(self) -> str:
        return f"{self.path}: {self.message}" if self.path else self.message


def json_path(parts) -> str:
    """``["blocs", 0, "meetings", 2]`` → ``blocs[0].meetings[2]``."""
    text = ""
    for part in parts:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            text += f".{part}" if text else str(part)
    return text


@cache
def schema() -> dict:
    return json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))


def _inline(node, definitions: dict):
    """The schema with every local ``$ref`` replaced by its definition: same meaning, and validating a
    large document no longer spends most of its time resolving references."""
    if isinstance(node, dict):
        if "$ref" in node and node["$ref"].startswith("#/$defs/"):
            target = _inline(definitions[node["$ref"].removeprefix("#/$defs/")], definitions)
            return {**target, **{k: _inline(v, definitions) for k, v in node.items() if k != "$ref"}}
        return {k: _inline(v, definitions) for k, v in node.items() if k != "$defs"}
    if isinstance(node, list):
        return [_inline(item, definitions) for item in node]
    return node


TEXT = "#/$defs/text"


def _nullable_texts(node):
    """The schema where an optional text key may also be ``null``: the importer reads an explicit null as
    "clear the stored value", where a key left out leaves it alone (the contract's texts are never empty, so
    a document has no other way to clear a short name). A document the contract accepts means the same."""
    if isinstance(node, list):
        return [_nullable_texts(item) for item in node]
    if not isinstance(node, dict):
        return node
    result = {k: _nullable_texts(v) for k, v in node.items()}
    if isinstance(node.get("properties"), dict):
        required = set(node.get("required", []))
        result["properties"] = {
            name: _or_null(value) if name not in required else value for name, value in result["properties"].items()
        }
    return result


def _or_null(value: dict) -> dict:
    if value.get("$ref") == TEXT:
        return {**value, "$ref": "#/$defs/text_or_null"}
    if value.get("type") == "string" and not {"pattern", "format", "enum"} & set(value):
        return {**value, "type": ["string", "null"]}  # a long text (a report)
    return value


@cache
def _validator() -> Draft202012Validator:
    nullable = _nullable_texts(schema())
    definitions = {**nullable["$defs"], "text_or_null": {**nullable["$defs"]["text"], "type": ["string", "null"]}}
    return Draft202012Validator(_inline(nullable, definitions), format_checker=FormatChecker())


_TYPE_NAMES = {
    "object": gettext_noop("một đối tượng"),
    "array": gettext_noop("một danh sách"),
    "string": gettext_noop("một chuỗi"),
    "integer": gettext_noop("một số nguyên"),
    "number": gettext_noop("một số"),
    "boolean": gettext_noop("true hoặc false"),
    "null": "null",
}


def _type_name(value) -> str:
    if isinstance(value, list):
        return _(" hoặc ").join(_(_TYPE_NAMES.get(v, v)) for v in value)
    return _(_TYPE_NAMES.get(value, str(value)))


def _message(error) -> tuple[list, str]:
    """Vietnamese message for a jsonschema error and the path it belongs to."""
    path = list(error.absolute_path)
    keyword, value, instance = error.validator, error.validator_value, error.instance
    if keyword == "required":
        missing = next((k for k in value if isinstance(instance, dict) and k not in instance), value[0])
        return [*path, missing], _("thiếu trường bắt buộc")
    if keyword == "additionalProperties":
        extra = sorted(set(instance) - set(error.schema.get("properties", {})))
        return [*path, extra[0]] if extra else path, _("trường không có trong định dạng")
    if keyword == "const":
        return path, _("phải là %(value)s") % {"value": json.dumps(value, ensure_ascii=False)}
    if keyword == "enum":
        return path, _("giá trị %(value)s không hợp lệ; phải là một trong: %(choices)s") % {
            "value": json.dumps(instance, ensure_ascii=False),
            "choices": ", ".join(json.dumps(v, ensure_ascii=False) for v in value),
        }
    if keyword == "type":
        return path, _("phải là %(type)s") % {"type": _type_name(value)}
    if keyword == "pattern":
        if "date" in error.schema.get("format", "") or value.startswith("^\\d{4}"):
            return path, _("ngày phải viết theo dạng YYYY-MM-DD")
        if value.startswith("^([01]"):
            return path, _("giờ phải viết theo dạng HH:MM")
        return path, _("mã %(value)s không hợp lệ: chỉ gồm chữ không dấu, chữ số, _ . -, tối đa 40 ký tự") % {
            "value": json.dumps(instance, ensure_ascii=False)
        }
    if keyword == "format":
        return path, _("%(value)s không phải là ngày hợp lệ") % {"value": json.dumps(instance, ensure_ascii=False)}
    if keyword in {"minimum", "exclusiveMinimum"}:
        strict = keyword == "exclusiveMinimum"
        return path, (_("phải lớn hơn %(n)s") if strict else _("không được nhỏ hơn %(n)s")) % {"n": value}
    if keyword in {"maximum", "exclusiveMaximum"}:
        return path, _("không được lớn hơn %(n)s") % {"n": value}
    if keyword == "minLength":
        return path, _("không được để trống")
    if keyword == "maxLength":
        return path, _("dài quá %(n)s ký tự") % {"n": value}
    if keyword == "minItems":
        return path, _("phải có ít nhất %(n)s phần tử") % {"n": value}
    if keyword == "oneOf":
        return path, _("phải là một năm (1945–2100) hoặc null")
    return path, error.message


def schema_problems(document) -> list[Problem]:
    """Every place the document breaks the schema, in document order."""
    problems = []
    for error in sorted(_validator().iter_errors(document), key=lambda e: [str(p) for p in e.absolute_path]):
        path, message = _message(error)
        problems.append(Problem(json_path(path), message))
    return problems + value_problems(document)


def value_problems(document) -> list[Problem]:
    """Values no record can hold, wherever they are: text that cannot be stored (NUL, which no database text
    column takes; a lone surrogate, which no encoding writes; a direction override, which shows other text
    than it holds — ``core.fields.text_problem``) and numbers that are not finite (JSON parsers read
    ``NaN``, ``Infinity`` and ``1e999``)."""
    problems = []
    stack = [((), document)]
    while stack:  # iterative: documents nested deep enough to exhaust Python's recursion are refused here too
        path, node = stack.pop()
        if isinstance(node, str):
            if problem := text_problem(node):
                problems.append(Problem(json_path(path), problem))
        elif isinstance(node, float):
            if not math.isfinite(node):
                problems.append(Problem(json_path(path), _("số không hợp lệ (NaN hoặc vô cực)")))
        elif isinstance(node, dict):
            for key, value in reversed(node.items()):
                if problem := text_problem(key):
                    problems.append(Problem(json_path(path), _("Tên trường: %(problem)s") % {"problem": problem}))
                stack.append(((*path, key), value))
        elif isinstance(node, list):
            stack.extend(((*path, index), value) for index, value in reversed(list(enumerate(node))))
    return problems


def parse(raw: bytes | str) -> tuple[object, list[Problem]]:
    """Decode and parse JSON text; a malformed document gives one problem saying where."""
    try:
        text = raw.decode("utf-8-sig") if isinstance(raw, bytes) else raw
    except UnicodeDecodeError:
        return None, [Problem("", _("Tệp không phải là văn bản UTF-8."))]
    try:
        return json.loads(text), []
    except json.JSONDecodeError as error:
        return None, [
            Problem(
                "",
                _("JSON không hợp lệ ở dòng %(line)s, cột %(col)s: %(msg)s")
                % {"line": error.lineno, "col": error.colno, "msg": error.msg},
            )
        ]
    except RecursionError:
        # Arrays or objects nested thousands deep: Python's parser gives up (no document nests that deep).
        return None, [Problem("", _("JSON lồng nhau quá sâu: không phải là tài liệu trao đổi dữ liệu."))]
