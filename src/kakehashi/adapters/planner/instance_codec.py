"""The planner instance file (docs/schemas/instance.schema.json) as pydantic models, read with clear messages.

`read_instance` checks a file from a person: the models refuse wrong types, missing fields and values out of
range, each problem named by where it is (`slot "s2": "end" must be a time HH:MM, not '9h'`); the domain then
applies the cross-reference rules no schema expresses (`kakehashi.domain.planning.assemble`: unique ids,
known venues and slots, slots that do not overlap). Every problem of a file is reported at once, so that a
person can fix it in one go. A test keeps these models and the JSON Schema in step.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Mapping
from datetime import date, time
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    TypeAdapter,
    ValidationError,
    model_validator,
)
from pydantic_core import ErrorDetails, PydanticCustomError

from kakehashi.domain.planning import (
    Instance,
    Interpreter,
    Participant,
    Request,
    Role,
    Slot,
    Travel,
    Venue,
    assemble,
    interpreter_need,
    refuse_empty,
)

_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_TIME = re.compile(r"^(\d{1,2}):(\d{2})$")
_LISTS = ("slots", "venues", "travel", "participants", "interpreters", "requests")
_SINGULAR = {
    "slots": "slot",
    "venues": "venue",
    "travel": "travel",
    "participants": "participant",
    "interpreters": "interpreter",
    "requests": "request",
}


def _refuse(text: str) -> PydanticCustomError:
    """A problem in the words a person reads; the reader puts where it is in front."""
    return PydanticCustomError("instance", "{text}", {"text": text})


def _identifier(value: Any) -> str | None:
    """Ids and names may be written as strings or whole numbers; blank counts as absent."""
    if isinstance(value, bool) or not isinstance(value, str | int):
        return None
    return str(value).strip() or None


def _text(value: Any) -> str:
    if value is None or (isinstance(value, str) and not value.strip()):
        raise _refuse("is missing")
    text = _identifier(value)
    if text is None:
        raise _refuse("must be a string")
    return text


def _optional_text(value: Any) -> str | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    return _text(value)


def _whole(minimum: int) -> BeforeValidator:
    def check(value: Any) -> int:
        if isinstance(value, bool) or not isinstance(value, int | float) or value != int(value):
            raise _refuse(f"must be a whole number, not {value!r}")
        if value < minimum:
            raise _refuse(f"must be at least {minimum}, not {value!r}")
        return int(value)

    return BeforeValidator(check)


def _day(value: Any) -> date:
    try:
        if isinstance(value, str) and _DAY.match(value.strip()):
            return date.fromisoformat(value.strip())
    except ValueError:
        pass
    raise _refuse(f"must be a date YYYY-MM-DD, not {value!r}")


def _clock(value: Any) -> time:
    match = _TIME.match(value.strip()) if isinstance(value, str) else None
    if not match or int(match.group(1)) > 23 or int(match.group(2)) > 59:
        raise _refuse(f"must be a time HH:MM, not {value!r}")
    return time(int(match.group(1)), int(match.group(2)))


def _slot_ids(value: Any) -> list[str] | None:
    if value is None:
        return None
    if not isinstance(value, list):
        raise _refuse("must be a list of slot ids")
    ids = []
    for raw in value:
        sid = _identifier(raw)
        if sid is None:
            raise _refuse(f"must hold slot ids, not {raw!r}")
        ids.append(sid)
    return ids


def _role(value: Any) -> str:
    if value not in ("delegate", "host"):
        raise _refuse(f'must be "delegate" or "host", not {value!r}')
    return str(value)


def _languages(value: Any) -> list[str]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(x, str) for x in value):
        raise _refuse("must be a list of language codes")
    return [x.strip() for x in value]


def _weight(value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise _refuse(f"must be a number, not {value!r}")
    if value <= 0:
        raise _refuse(f"must be positive, not {value!r}")
    return float(value)


def _flag(value: Any) -> bool:
    if not isinstance(value, bool):
        raise _refuse(f"must be true or false, not {value!r}")
    return value


def _absent_is(default: Any) -> Callable[[Any], Any]:
    """`null` in the file means the documented default, as the planner always read it."""
    return lambda value: default if value is None else value


def _lenient(*kinds: type) -> BeforeValidator:
    """Optional fields that older files fill with something else: ignored, as the planner always did."""
    return BeforeValidator(lambda value: value if isinstance(value, kinds) else None)


Text = Annotated[str, BeforeValidator(_text)]
OptionalText = Annotated[str | None, BeforeValidator(_optional_text)]
SlotIds = Annotated[list[str] | None, BeforeValidator(_slot_ids)]


class _Item(BaseModel):
    model_config = ConfigDict(extra="ignore", frozen=True, populate_by_name=True)


class SlotDoc(_Item):
    """A time slot of one day; two slots of one day may not overlap."""

    id: Text
    day: Annotated[date, BeforeValidator(_day)]
    start: Annotated[time, BeforeValidator(_clock)]
    end: Annotated[time, BeforeValidator(_clock)]

    @model_validator(mode="after")
    def _ends_after_start(self) -> SlotDoc:
        if self.end <= self.start:
            raise _refuse(f"ends at {self.end:%H:%M}, not after its start {self.start:%H:%M}")
        return self


class VenueDoc(_Item):
    id: Text
    name: OptionalText = None
    capacity: Annotated[int, _whole(1), Field(ge=1), BeforeValidator(_absent_is(1))] = 1
    city: OptionalText = None


class TravelDoc(_Item):
    from_venue: Annotated[Text, Field(alias="from")]
    to_venue: Annotated[Text, Field(alias="to")]
    minutes: Annotated[int, _whole(0), Field(ge=0)]


class ParticipantDoc(_Item):
    id: Text
    name: OptionalText = None
    organization: OptionalText = None
    role: Annotated[Literal["delegate", "host"], BeforeValidator(_role)]
    venue: OptionalText = None
    available: SlotIds = None
    max_meetings: Annotated[int | None, _whole(0), Field(ge=0)] = None

    @model_validator(mode="after")
    def _host_has_venue(self) -> ParticipantDoc:
        if self.role == "host" and self.venue is None:
            raise _refuse('a host needs a "venue"')
        return self


class InterpreterDoc(_Item):
    id: Text
    name: OptionalText = None
    languages: Annotated[list[str], BeforeValidator(_languages)] = []
    available: SlotIds = None


class RequestDoc(_Item):
    delegate: Text
    host: Text
    weight: Annotated[float, BeforeValidator(_weight), Field(gt=0)] = 1.0
    mandatory: Annotated[bool, BeforeValidator(_flag)] = False
    interpreter: Annotated[str | bool | None, _lenient(str, bool)] = None
    needs_interpreter: Annotated[bool | None, _lenient(bool)] = None


class InstanceDoc(BaseModel):
    """INSTANCE.json: who wants to meet whom, when and where. Extra fields are allowed and ignored."""

    model_config = ConfigDict(extra="ignore", frozen=True)

    name: Annotated[str | None, BeforeValidator(lambda v: _identifier(v))] = None
    slots: list[SlotDoc]
    venues: list[VenueDoc]
    travel: Annotated[list[TravelDoc], BeforeValidator(_absent_is([]))] = []
    participants: list[ParticipantDoc]
    interpreters: Annotated[list[InterpreterDoc], BeforeValidator(_absent_is([]))] = []
    requests: list[RequestDoc]

    def to_instance(
        self,
        *,
        problems: list[str] | None = None,
        declared_slots: set[str] | None = None,
        declared_ids: set[str] | None = None,
        present: tuple[str, ...] = ("slots", "participants"),
    ) -> Instance:
        """The domain instance, after the cross-reference rules; raises InvalidInstance with every problem."""
        return assemble(
            self.name or "delegation",
            slots=[Slot(s.id, s.day, s.start, s.end) for s in self.slots],
            venues=[Venue(v.id, v.name or v.id, v.capacity, v.city) for v in self.venues],
            travel=[Travel(t.from_venue, t.to_venue, t.minutes) for t in self.travel],
            participants=[
                Participant(
                    p.id,
                    p.name or p.id,
                    p.organization or p.name or p.id,
                    Role(p.role),
                    p.venue,
                    frozenset(p.available) if p.available is not None else None,
                    p.max_meetings,
                )
                for p in self.participants
            ],
            interpreters=[
                Interpreter(
                    i.id,
                    i.name or i.id,
                    tuple(i.languages),
                    frozenset(i.available) if i.available is not None else None,
                )
                for i in self.interpreters
            ],
            requests=[
                Request(
                    r.delegate,
                    r.host,
                    r.weight,
                    r.mandatory,
                    interpreter_need(r.interpreter, r.needs_interpreter),
                )
                for r in self.requests
            ],
            declared_slots=declared_slots or (),
            declared_ids=declared_ids or (),
            problems=problems or (),
            present=present,
        )


_ITEMS: dict[str, TypeAdapter[Any]] = {
    "slots": TypeAdapter(SlotDoc),
    "venues": TypeAdapter(VenueDoc),
    "travel": TypeAdapter(TravelDoc),
    "participants": TypeAdapter(ParticipantDoc),
    "interpreters": TypeAdapter(InterpreterDoc),
    "requests": TypeAdapter(RequestDoc),
}


def read_instance(data: Any) -> Instance:
    """Parse and validate an instance file (already decoded JSON); raises InvalidInstance listing every problem."""
    data = refuse_empty(data)
    declared = {sid for s in _items(data, "slots") if (sid := _identifier(s.get("id")))}
    present = tuple(key for key in ("slots", "participants") if key in data)
    try:
        doc = InstanceDoc.model_validate(data)
    except ValidationError as exc:
        problems = [_problem(error, data) for error in exc.errors()]
        # The parts that are fine on their own still go through the cross-reference rules: all problems at once.
        doc, refused = _salvage(data)
        return doc.to_instance(
            problems=problems, declared_slots=declared, declared_ids=refused, present=present
        )
    return doc.to_instance(declared_slots=declared, present=present)


def write_instance(instance: Instance) -> dict[str, Any]:
    """The instance in the exchange format (what `read_instance` reads back to an equal instance)."""
    return instance.to_dict()


def _items(data: Mapping[str, Any], key: str) -> list[Mapping[str, Any]]:
    value = data.get(key)
    return [item for item in value if isinstance(item, Mapping)] if isinstance(value, list) else []


def _salvage(data: Mapping[str, Any]) -> tuple[InstanceDoc, set[str]]:
    """The items that are valid on their own (the whole file is not), and the ids of venues and participants
    refused for their own fields: a reference to one of those is not reported a second time."""
    parts: dict[str, Any] = {"name": _identifier(data.get("name"))}
    refused: set[str] = set()
    for key, adapter in _ITEMS.items():
        kept = []
        for item in _items(data, key):
            try:
                kept.append(adapter.validate_python(item))
            except ValidationError:
                if key in ("venues", "participants") and (ident := _identifier(item.get("id"))):
                    refused.add(ident)
        parts[key] = kept
    return InstanceDoc.model_construct(**parts), refused


def _where(key: str, index: int, item: Any, field: str | None) -> str:
    """How a person finds an item in the file: by its id when it has one, else by its position."""
    noun = _SINGULAR[key]
    item = item if isinstance(item, Mapping) else {}
    if key in ("travel", "requests"):
        ends = ("from", "to") if key == "travel" else ("delegate", "host")
        if field in ends:
            return f"{noun} #{index + 1}"
        return f'{noun} "{_identifier(item.get(ends[0]))}" -> "{_identifier(item.get(ends[1]))}"'
    ident = _identifier(item.get("id"))
    return f'{noun} "{ident}"' if ident else f"{noun} #{index + 1}"


def _problem(error: ErrorDetails, data: Mapping[str, Any]) -> str:
    """One validation error as one sentence that names the offending path."""
    loc = error["loc"]
    text = str(error["ctx"]["text"]) if error["type"] == "instance" and "ctx" in error else error["msg"]
    if error["type"] == "missing":
        text = "is missing"
    key = str(loc[0]) if loc else ""
    if len(loc) == 1:
        if error["type"] == "list_type" and error.get("input") is None:
            return f'"{key}" is missing'
        if error["type"] == "list_type":
            return f'"{key}" must be a list'
        return f'"{key}" {text}'
    if key in _SINGULAR and len(loc) >= 2 and isinstance(loc[1], int):
        index = loc[1]
        value = data.get(key)
        item = value[index] if isinstance(value, list) and index < len(value) else None
        if len(loc) == 2:
            if error["type"] in ("model_type", "model_attributes_type", "dict_type"):
                return f"{key}[{index}] must be an object"
            return f"{_where(key, index, item, None)}: {text}"
        field = str(loc[2])
        return f'{_where(key, index, item, field)}: "{field}" {text}'
    return f"{'.'.join(str(part) for part in loc)}: {text}"


__all__ = [
    "InstanceDoc",
    "InterpreterDoc",
    "ParticipantDoc",
    "RequestDoc",
    "SlotDoc",
    "TravelDoc",
    "VenueDoc",
    "read_instance",
    "write_instance",
]
