from __future__ import annotations

import base64
import datetime
import json
import math
import re
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from enum import Enum
from http.client import HTTPException, HTTPResponse
from typing import ClassVar, Generic, Literal, NoReturn, TypeAlias, TypeVar, cast

# The rpcgen runtime for Python: errors, checks and HTTP+JSON calls (docs/http.md). Every
# generated module carries its own copy, so a module is one file with no dependency.

RpcCode: TypeAlias = Literal[
    "cancelled",
    "unknown",
    "invalid_argument",
    "deadline_exceeded",
    "not_found",
    "already_exists",
    "permission_denied",
    "resource_exhausted",
    "failed_precondition",
    "aborted",
    "out_of_range",
    "unimplemented",
    "internal",
    "unavailable",
    "data_loss",
    "unauthenticated",
]
"""The closed set of status codes, the same strings as on the wire."""

JsonValue: TypeAlias = "None | bool | int | float | str | list[JsonValue] | dict[str, JsonValue]"
"""A JSON value of unknown shape (`unknown` in the IDL)."""

_T = TypeVar("_T")
_K = TypeVar("_K")
_E = TypeVar("_E", bound=Enum)
_Decode: TypeAlias = Callable[[object, str], _T]


_CODES: frozenset[str] = frozenset(RpcCode.__args__)  # type: ignore[attr-defined]


class RpcError(Exception):
    """A failed call: a code, a message naming the field or limit, and optional details."""

    code: RpcCode
    message: str
    details: object
    type: str | None
    """The declared error's name when the server raised one (`OutOfArea`)."""

    def __init__(
        self, code: RpcCode, message: str, *, details: object = None, type: str | None = None
    ) -> None:
        super().__init__(f"{code}: {message}")
        self.code = code
        self.message = message
        self.details = details
        self.type = type


class DeclaredError(RpcError):
    """The base of the errors a method declares with `@throws`; each has a fixed code."""

    declared_code: ClassVar[RpcCode]

    @classmethod
    def _from_wire(cls, message: str, details: object) -> DeclaredError:
        raise NotImplementedError


class _Missing:
    """An absent property, told apart from null: messages call it `undefined`."""

    def __repr__(self) -> str:
        return "undefined"


_MISSING = _Missing()


def _describe(value: object) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, float) and math.isnan(value):
        return "NaN"
    if isinstance(value, (int, float)):
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list):
        return "array"
    if isinstance(value, dict):
        return "object"
    return "undefined" if value is _MISSING else type(value).__name__


def _js_number(value: float) -> str:
    """A number as JavaScript's `String(n)` writes it (`91`, not `91.0`)."""
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e21:
        return str(int(value))
    return str(value)


def _show(value: object) -> str:
    if isinstance(value, str):
        return json.dumps(value[:40] + "..." if len(value) > 40 else value, ensure_ascii=False)
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return _js_number(value)
    return _describe(value)


def _invalid(path: str, message: str) -> RpcError:
    return RpcError("invalid_argument", f"{path}: {message}", details={"path": path})


def _expected(path: str, what: str, value: object) -> NoReturn:
    raise _invalid(path, f"expected {what}, got {_describe(value)}")


def _expected_value(path: str, what: str, value: object) -> NoReturn:
    raise _invalid(path, f"expected {what}, got {_show(value)}")


def _key(path: str, key: str) -> str:
    return f"{path}[{json.dumps(key, ensure_ascii=False)}]"


def _is(value: object, literal: str | float | bool) -> bool:
    """JavaScript's `===` for JSON values: `1 == True` must not hold."""
    return isinstance(value, bool) == isinstance(literal, bool) and value == literal


def _one_of(value: object, literals: tuple[str | float | bool, ...]) -> bool:
    return any(_is(value, literal) for literal in literals)


def _is_number(value: object) -> bool:
    return (
        isinstance(value, (int, float))
        and not isinstance(value, bool)
        and not (isinstance(value, float) and math.isnan(value))
    )


def _object(value: object, path: str) -> dict[str, object]:
    if not isinstance(value, dict):
        _expected(path, "object", value)
    return cast(dict[str, object], value)


_IDENTIFIER = re.compile(r"[A-Za-z_$][A-Za-z0-9_$]*")


def _prop_path(path: str, name: str) -> str:
    """`path.name`, or `path["my-name"]` when the name is not an identifier."""
    return f"{path}.{name}" if _IDENTIFIER.fullmatch(name) else _key(path, name)


def _prop(obj: dict[str, object], path: str, name: str, decode: _Decode[_T]) -> _T:
    return decode(obj.get(name, _MISSING), _prop_path(path, name))


def _opt(obj: dict[str, object], path: str, name: str, decode: _Decode[_T]) -> _T | None:
    value = obj.get(name, _MISSING)
    return None if value is _MISSING else decode(value, _prop_path(path, name))


def _extra(
    obj: dict[str, object], path: str, known: tuple[str, ...], decode: _Decode[_T]
) -> dict[str, _T]:
    """The properties an index signature allows beside the declared ones."""
    return {key: decode(item, _key(path, key)) for key, item in obj.items() if key not in known}


def _str(value: object, path: str) -> str:
    if not isinstance(value, str):
        _expected(path, "string", value)
    return value


def _number(value: object, path: str) -> float:
    if not _is_number(value):
        _expected(path, "number", value)
    return cast(float, value)


def _bool(value: object, path: str) -> bool:
    if not isinstance(value, bool):
        _expected(path, "boolean", value)
    return value


def _null(value: object, path: str) -> None:
    if value is not None:
        _expected(path, "null", value)


def _undefined(value: object, path: str) -> None:
    # JSON has no undefined: it travels as null, or as an absent property.
    if value is not None and value is not _MISSING:
        _expected(path, "undefined", value)


def _unknown(value: object, path: str) -> JsonValue:
    return None if value is _MISSING else cast(JsonValue, value)


def _never(value: object, path: str) -> NoReturn:
    _expected(path, "no value (never)", value)


_INTEGER_TEXT = re.compile(r"-?[0-9]{1,40}")
_SAFE_INTEGER = 2**53 - 1


def _bigint(value: object, path: str) -> int:
    if isinstance(value, int) and not isinstance(value, bool) and abs(value) <= _SAFE_INTEGER:
        return value
    if isinstance(value, str) and _INTEGER_TEXT.fullmatch(value):
        return int(value)
    _expected(path, "bigint", value)


_ISO_DATE = re.compile(
    r"([0-9]{4})-([0-9]{2})-([0-9]{2})"
    r"(?:[T ]([0-9]{2}):([0-9]{2})(?::([0-9]{2})(?:\.([0-9]+))?)?)?"
    r"(Z|[+-][0-9]{2}:?[0-9]{2})?",
    re.IGNORECASE,
)


def _date(value: object, path: str) -> datetime.datetime:
    if not isinstance(value, str):
        _expected(path, "Date", value)
    match = _ISO_DATE.fullmatch(value)
    try:
        if match is None:
            raise ValueError(value)
        year, month, day, hour, minute, second, fraction, zone = match.groups()
        offset = datetime.timedelta()
        if zone is not None and zone.upper() != "Z":
            digits = zone[1:].replace(":", "")
            offset = datetime.timedelta(hours=int(digits[:2]), minutes=int(digits[2:]))
            offset = -offset if zone[0] == "-" else offset
        micros = int((fraction or "0")[:6].ljust(6, "0"))
        parts = (int(hour or 0), int(minute or 0), int(second or 0), micros)
        local = datetime.datetime(int(year), int(month), int(day), *parts)
        return (local - offset).replace(tzinfo=datetime.timezone.utc)
    except (ValueError, OverflowError):
        raise _invalid(path, f'expected an ISO 8601 date, got "{value[:40]}"') from None


_BASE64 = re.compile(r"[A-Za-z0-9+/]*={0,2}")


def _bytes(value: object, path: str) -> bytes:
    if isinstance(value, str) and len(value) % 4 == 0 and _BASE64.fullmatch(value):
        return base64.b64decode(value)
    _expected(path, "bytes (Uint8Array or base64)", value)


def _array(value: object, path: str, item: _Decode[_T]) -> list[_T]:
    if not isinstance(value, list):
        _expected(path, "array", value)
    return [item(element, f"{path}[{i}]") for i, element in enumerate(value)]


def _record(
    value: object, path: str, item: _Decode[_T], numeric: bool = False
) -> dict[str, _T]:
    result: dict[str, _T] = {}
    for key, element in _object(value, path).items():
        if numeric and not _is_numeric_key(key):
            _expected_value(path, "numeric keys", key)
        result[key] = item(element, _key(path, key))
    return result


def _is_numeric_key(key: str) -> bool:
    try:
        return _js_number(float(key)) == key
    except ValueError:
        return False


def _pairs(
    value: object, path: str, key: _Decode[_K], item: _Decode[_T]
) -> list[tuple[_K, _T]]:
    if not isinstance(value, list):
        _expected(path, "Map or array of [key, value] pairs", value)
    result: list[tuple[_K, _T]] = []
    for i, pair in enumerate(value):
        at = f"{path}[{i}]"
        if not isinstance(pair, list) or len(pair) != 2:
            _expected(at, "[key, value] pair", pair)
        result.append((key(pair[0], f"{at}[0]"), item(pair[1], f"{at}[1]")))
    return result


def _map(value: object, path: str, key: _Decode[_K], item: _Decode[_T]) -> dict[_K, _T]:
    return dict(_pairs(value, path, key, item))


def _members(value: object, path: str, item: _Decode[_T]) -> list[_T]:
    if not isinstance(value, list):
        _expected(path, "Set or array", value)
    return [item(element, f"{path}[{i}]") for i, element in enumerate(value)]


def _set(value: object, path: str, item: _Decode[_T]) -> set[_T]:
    return set(_members(value, path, item))


def _length(value: object, path: str, least: int, most: int | None) -> list[object]:
    if not isinstance(value, list):
        _expected(path, "tuple", value)
    n = len(value)
    elements = f"{least} element" if least == 1 else f"{least} elements"
    if least == most and n != least:
        raise _invalid(path, f"expected {elements}, got {n}")
    if most is not None and (n < least or n > most):
        raise _invalid(path, f"expected {least} to {most} elements, got {n}")
    if n < least:
        raise _invalid(path, f"expected at least {elements}, got {n}")
    return cast(list[object], value)


def _enum(value: object, path: str, enum: type[_E]) -> _E:
    for member in enum:
        if _is(value, member.value):
            return member
    _expected_value(path, " | ".join(json.dumps(m.value) for m in enum), value)


_Member: TypeAlias = tuple[str, "frozenset[str] | None", tuple[str, ...], bool, _Decode[object]]


def _object_union(
    value: dict[str, object], path: str, what: str, members: tuple[_Member, ...]
) -> object:
    """An untagged union of objects, as TypeScript reads it (docs/codegen.md#unions-of-objects).

    The value is the member that accepts it and shares most keys with it, earlier members
    winning ties; a member whose properties are all optional needs a key in common with it.
    """
    declared = [keys for _, keys, _, _, _ in members]
    known = sum(1 for key in value if any(keys is None or key in keys for keys in declared))
    scores = [sum(1 for key in value if keys is None or key in keys) for keys in declared]
    ranked = [
        i
        for i, (_, _, required, weak, _) in enumerate(members)
        if not (weak and scores[i] == 0 and known > 0) and all(key in value for key in required)
    ]
    ranked.sort(key=lambda i: -scores[i])
    closest: RpcError | None = None
    for i in ranked:
        try:
            return members[i][4](value, path)
        except RpcError as error:
            closest = closest or _no_member(path, what, members[i][0], error)
    if closest is not None:
        raise closest
    best = max(range(len(members)), key=lambda i: (scores[i], -i))
    name, _, _, weak, decode = members[best]
    if weak and known > 0:
        problem = f"{name}: has no property in common with the value"
        raise _invalid(path, f"no member of {what} matches: {problem}")
    try:
        decode(value, path)
    except RpcError as error:
        raise _no_member(path, what, name, error) from None
    raise _invalid(path, f"no member of {what} matches: {name}: refused")


def _no_member(path: str, what: str, name: str, error: RpcError) -> RpcError:
    inner = error.message
    rest = inner[len(path) :] if inner.startswith(path) else f": {inner}"
    return _invalid(path, f"no member of {what} matches: {name}{rest}")


def _check_string(
    value: str,
    path: str,
    *,
    min_length: int | None = None,
    max_length: int | None = None,
    pattern: tuple[re.Pattern[str], str] | None = None,
    format: tuple[re.Pattern[str], str] | None = None,
) -> str:
    # Lengths count UTF-16 code units, as the TypeScript checks do.
    length = len(value.encode("utf-16-le")) // 2
    if min_length is not None and length < min_length:
        raise _invalid(path, f"expected at least {_characters(min_length)}, got {length}")
    if max_length is not None and length > max_length:
        raise _invalid(path, f"expected at most {_characters(max_length)}, got {length}")
    for check in (pattern, format):
        if check is not None and check[0].search(value) is None:
            _expected_value(path, check[1], value)
    return value


def _characters(n: int) -> str:
    return f"{n} character" if n == 1 else f"{n} characters"


def _check_number(
    value: float,
    path: str,
    *,
    integer: bool = False,
    minimum: float | None = None,
    maximum: float | None = None,
) -> float:
    if integer and not float(value).is_integer():
        _expected_value(path, "an integer", value)
    if minimum is not None and value < minimum:
        _expected_value(path, f"at least {_js_number(minimum)}", value)
    if maximum is not None and value > maximum:
        _expected_value(path, f"at most {_js_number(maximum)}", value)
    return value


def _encode_date(value: datetime.datetime) -> str:
    """`Date.prototype.toISOString()`: UTC, milliseconds, `Z`; a naive datetime is taken as UTC."""
    utc = value.astimezone(datetime.timezone.utc) if value.tzinfo else value
    return utc.strftime("%Y-%m-%dT%H:%M:%S.") + f"{utc.microsecond // 1000:03d}Z"


def _encode_bytes(value: bytes) -> str:
    return base64.b64encode(value).decode("ascii")


def _response_error(problem: RpcError) -> RpcError:
    return RpcError(
        "internal", f"response failed validation: {problem.message}", details=problem.details
    )


def _declared(error: RpcError, declared: Mapping[str, type[DeclaredError]]) -> RpcError:
    """The declared error a wire error stands for, its details checked; else the error as is."""
    kind = declared.get(error.type) if error.type is not None else None
    if kind is None or kind.declared_code != error.code:
        return error
    try:
        return kind._from_wire(error.message, error.details)
    except RpcError as problem:
        return _response_error(problem)


_NO_ERRORS: Mapping[str, type[DeclaredError]] = {}

# Headers that belong to HTTP rather than to a call (docs/http.md, Metadata and headers).
_HTTP_HEADERS = frozenset(
    "accept accept-charset accept-encoding accept-language accept-ranges cache-control "
    "connection content-encoding content-language content-length content-location "
    "content-range content-type date expect forwarded host keep-alive origin pragma priority "
    "referer server te trailer transfer-encoding upgrade user-agent vary via x-powered-by".split()
)
_RESERVED_PREFIXES = ("rpc-", "access-control-", "sec-", "proxy-", "x-forwarded-", "accept")
_HEADER_NAME = re.compile(r"[!#$%&'*+\-.^_`|~0-9A-Za-z]+")
_STATUS_CODES: Mapping[int, RpcCode] = {
    400: "internal",
    401: "unauthenticated",
    403: "permission_denied",
    404: "unimplemented",
    408: "deadline_exceeded",
    413: "resource_exhausted",
    429: "unavailable",
    502: "unavailable",
    503: "unavailable",
    504: "deadline_exceeded",
}


def _headers(metadata: Mapping[str, str] | None, what: str) -> dict[str, str]:
    headers: dict[str, str] = {}
    for key, value in (metadata or {}).items():
        name = key.lower()
        if name in _HTTP_HEADERS or name.startswith(_RESERVED_PREFIXES):
            raise RpcError(
                "invalid_argument",
                f"{what} key {key} cannot travel over HTTP: it is an HTTP or reserved header",
            )
        if not _HEADER_NAME.fullmatch(name) or any(c in value for c in "\r\n\0"):
            raise RpcError("invalid_argument", f"{what} {key!r} is not a valid HTTP header")
        headers[name] = value
    return headers


def _wire_error(body: object) -> RpcError | None:
    if not isinstance(body, dict) or body.get("code") not in _CODES:
        return None
    message = body.get("message")
    kind = body.get("type")
    return RpcError(
        cast(RpcCode, body["code"]),
        message if isinstance(message, str) else "",
        details=body.get("details"),
        type=kind if isinstance(kind, str) and len(kind) <= 200 else None,
    )


class _Http:
    """POSTs calls to `<base_url>/<Service>/<method>` with JSON bodies (docs/http.md)."""

    def __init__(
        self, base_url: str, headers: Mapping[str, str] | None, timeout: float | None
    ) -> None:
        url = urllib.parse.urlsplit(base_url)
        if url.scheme not in ("http", "https") or not url.hostname:
            raise RpcError(
                "invalid_argument", f"base URL {base_url!r}: expected http://host[:port][/prefix]"
            )
        if url.query or url.fragment or url.username or url.password:
            raise RpcError(
                "invalid_argument",
                f"base URL {base_url!r} has a query, fragment or credentials: "
                "send credentials with the headers option",
            )
        self.url = base_url.rstrip("/")
        self.headers = _headers(headers, "headers option")
        self.timeout = timeout

    def open(
        self,
        path: str,
        message: object,
        stream: bool,
        timeout: float | None,
        metadata: Mapping[str, str] | None,
        declared: Mapping[str, type[DeclaredError]],
    ) -> tuple[HTTPResponse, float | None]:
        """Sends one call; returns the 200 response and the call's deadline (monotonic)."""
        url = f"{self.url}/{path}"
        try:
            body = json.dumps(message, ensure_ascii=False, allow_nan=False).encode()
        except ValueError as error:
            raise RpcError("invalid_argument", f"request could not be encoded: {error}") from None
        accept = "application/x-ndjson" if stream else "application/json"
        headers = {**self.headers, **_headers(metadata, "metadata")}
        headers.update({"content-type": "application/json", "accept": accept})
        seconds = self.timeout if timeout is None else timeout
        deadline = None if seconds is None else time.monotonic() + seconds
        if seconds is not None:
            headers["rpc-timeout-ms"] = str(max(1, math.ceil(seconds * 1000)))
        request = urllib.request.Request(url, data=body, headers=headers, method="POST")
        try:
            response = urllib.request.urlopen(request, timeout=seconds)
        except urllib.error.HTTPError as failure:
            raise _declared(_status_error(failure, url), declared) from None
        except (TimeoutError, OSError, HTTPException) as failure:
            raise _transport_error(failure, url) from None
        kind = response.headers.get("content-type", "")
        if not kind.lower().startswith(accept):
            response.close()
            raise RpcError(
                "internal",
                f"malformed HTTP response: expected content-type {accept}, got {kind!r}",
            )
        return cast(HTTPResponse, response), deadline

    def unary(
        self,
        path: str,
        message: object,
        decode: _Decode[_T],
        timeout: float | None,
        metadata: Mapping[str, str] | None,
        declared: Mapping[str, type[DeclaredError]] = _NO_ERRORS,
    ) -> _T:
        response, _ = self.open(path, message, False, timeout, metadata, declared)
        url = f"{self.url}/{path}"
        try:
            with response:
                body = response.read()
        except (TimeoutError, OSError, HTTPException) as failure:
            raise _transport_error(failure, url) from None
        try:
            value = json.loads(body)
        except ValueError as error:
            raise RpcError("internal", f"malformed HTTP response: {error}") from None
        try:
            return decode(value, "response")
        except RpcError as problem:
            raise _response_error(problem) from None


    def stream(
        self,
        path: str,
        message: object,
        decode: _Decode[_T],
        timeout: float | None,
        metadata: Mapping[str, str] | None,
        declared: Mapping[str, type[DeclaredError]] = _NO_ERRORS,
    ) -> ServerStream[_T]:
        response, deadline = self.open(path, message, True, timeout, metadata, declared)
        return ServerStream(response, deadline, f"{self.url}/{path}", decode, declared)


def _status_error(failure: urllib.error.HTTPError, url: str) -> RpcError:
    try:
        body = failure.read()
    except OSError:
        body = b""
    finally:
        failure.close()
    try:
        error = _wire_error(json.loads(body))
    except ValueError:
        error = None
    if error is not None:
        return error
    text = body[:200].decode("utf-8", "replace").strip()
    code = _STATUS_CODES.get(failure.code, "unknown")
    status = f"HTTP {failure.code} {failure.reason} from {url}"
    return RpcError(code, f"{status}: {text}" if text else status)


def _transport_error(failure: BaseException, url: str) -> RpcError:
    reason = failure.reason if isinstance(failure, urllib.error.URLError) else failure
    if isinstance(reason, TimeoutError):
        return RpcError("deadline_exceeded", "the call exceeded its deadline")
    return RpcError("unavailable", f"HTTP call to {url} failed: {reason}")


class ServerStream(Generic[_T]):
    """A server stream's messages, read as they arrive; `close()` (or `with`) ends it early."""

    def __init__(
        self,
        response: HTTPResponse,
        deadline: float | None,
        url: str,
        decode: _Decode[_T],
        declared: Mapping[str, type[DeclaredError]],
    ) -> None:
        self._response = response
        self._deadline = deadline
        self._url = url
        self._decode = decode
        self._declared = declared
        self._done = False

    def __iter__(self) -> ServerStream[_T]:
        return self

    def __enter__(self) -> ServerStream[_T]:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Stops reading and closes the connection, which cancels the call on the server."""
        self._done = True
        self._response.close()

    def __next__(self) -> _T:
        if self._done:
            raise StopIteration
        try:
            record = self._record()
        except BaseException:
            self.close()
            raise
        if "message" in record:
            try:
                return self._decode(record["message"], "response")
            except RpcError as problem:
                self.close()
                raise _response_error(problem) from None
        self.close()
        error = _wire_error(record.get("error"))
        if error is not None:
            raise _declared(error, self._declared)
        raise StopIteration

    def _record(self) -> dict[str, object]:
        try:
            line = self._response.readline()
        except (TimeoutError, OSError, HTTPException) as failure:
            raise _transport_error(failure, self._url) from None
        if self._deadline is not None and time.monotonic() > self._deadline:
            raise RpcError("deadline_exceeded", "the call exceeded its deadline")
        if not line.endswith(b"\n"):
            raise RpcError(
                "unavailable",
                f"HTTP call to {self._url} failed: the stream ended without its final record",
            )
        try:
            record = json.loads(line)
        except ValueError as error:
            problem = f"malformed HTTP response: stream record: {error}"
            raise RpcError("internal", problem) from None
        if not isinstance(record, dict) or not ("message" in record or record.get("end") is True):
            problem = "malformed HTTP response: a stream record without message or end"
            raise RpcError("internal", problem)
        return record
