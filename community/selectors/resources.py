"""Reads for the education map: the approved places a person sees, filtered
as on the map page, as GeoJSON and in the Open Referral HSDS shape."""

from __future__ import annotations

import gzip
import json
import uuid
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass
from urllib.parse import urlencode

from django.core.cache import cache
from django.db.models import Prefetch, Q, QuerySet
from django.urls import reverse
from django.utils.translation import get_language

from community.models import (
    AgeGroup,
    ApprovalStatus,
    EducationResource,
    ResourceCategory,
    ResourceCourse,
    StudyTourProvider,
    Theme,
)
from portal import access
from portal.models import User


@dataclass(frozen=True)
class MapFilters:
    """What the map and its list are narrowed to; bad values are ignored, so
    a shared link with a stale filter still shows the map."""

    q: str = ""
    category: str = ""
    district: int | None = None
    theme: str = ""
    age_group: str = ""
    open_only: bool = False

    @classmethod
    def from_query(cls, params: Mapping[str, str]) -> MapFilters:
        district = params.get("district", "")
        return cls(
            q=(params.get("q") or "").strip()[:100],
            category=_choice(params.get("category"), ResourceCategory),
            district=int(district) if district.isdigit() else None,
            theme=_choice(params.get("theme"), Theme),
            age_group=_choice(params.get("age_group"), AgeGroup),
            open_only=params.get("open") in {"1", "true", "on", "yes"},
        )

    @property
    def is_empty(self) -> bool:
        return self == MapFilters()

    def as_query(self) -> dict[str, str]:
        out = {
            "q": self.q,
            "category": self.category,
            "district": str(self.district or ""),
            "theme": self.theme,
            "age_group": self.age_group,
            "open": "1" if self.open_only else "",
        }
        return {key: value for key, value in out.items() if value}


def _choice(value: str | None, choices) -> str:
    return value if value in choices.values else ""


def map_resources(user: User, filters: MapFilters = MapFilters()) -> QuerySet[EducationResource]:
    """Approved places the person sees, narrowed by the map's filters."""
    resources = access.visible(user, EducationResource).filter(
        approval_status=ApprovalStatus.APPROVED
    )
    if filters.q:
        resources = resources.filter(
            Q(name__icontains=filters.q)
            | Q(address__icontains=filters.q)
            | Q(description__icontains=filters.q)
        )
    if filters.category:
        resources = resources.filter(category=filters.category)
    if filters.district:
        resources = resources.filter(district_id=filters.district)
    if filters.theme:
        resources = resources.filter(themes__contains=[filters.theme])
    if filters.age_group:
        resources = resources.filter(age_groups__contains=[filters.age_group])
    if filters.open_only:
        resources = resources.filter(open_for_bookings=True)
    return resources.order_by("district__code", "name", "pk")


def map_districts(user: User) -> list[tuple[int, str]]:
    """Districts that have approved places, for the filter (the district
    list itself is staff data; the names of places' districts are not)."""
    rows = (
        access.visible(user, EducationResource)
        .filter(approval_status=ApprovalStatus.APPROVED)
        .order_by("district__code")
        .values_list("district_id", "district__name")
        .distinct()
    )
    return list(dict.fromkeys(rows))


def list_rows(user: User, filters: MapFilters) -> QuerySet[EducationResource]:
    """The searchable list beside the map."""
    return map_resources(user, filters).select_related("district")


GEO_FIELDS = (
    "pk",
    "name",
    "category",
    "themes",
    "age_groups",
    "district__name",
    "address",
    "latitude",
    "longitude",
    "opening_hours",
    "capacity_per_visit",
    "star_rating",
    "open_for_bookings",
)


def _courses_by_resource(resource_ids: list[int]) -> dict[int, list[str]]:
    courses = defaultdict(list)
    for resource_id, title in (
        ResourceCourse.objects.filter(resource_id__in=resource_ids, is_active=True)
        .order_by("resource_id", "title")
        .values_list("resource_id", "title")
    ):
        courses[resource_id].append(title)
    return courses


def geojson(user: User, filters: MapFilters = MapFilters()) -> dict:
    """A GeoJSON FeatureCollection of the filtered places: one query for the
    places and one for their courses, however many there are."""
    rows = list(map_resources(user, filters).values(*GEO_FIELDS))
    courses = _courses_by_resource([row["pk"] for row in rows])
    categories = dict(ResourceCategory.choices)
    features = []
    for row in rows:
        features.append(
            {
                "type": "Feature",
                "id": row["pk"],
                # GeoJSON puts longitude first.
                "geometry": {
                    "type": "Point",
                    "coordinates": [float(row["longitude"]), float(row["latitude"])],
                },
                "properties": {
                    "name": row["name"],
                    "category": row["category"],
                    "category_label": str(categories.get(row["category"], row["category"])),
                    "themes": row["themes"],
                    "age_groups": row["age_groups"],
                    "district": row["district__name"],
                    "address": row["address"],
                    "opening_hours": row["opening_hours"],
                    "capacity_per_visit": row["capacity_per_visit"],
                    "star_rating": row["star_rating"],
                    "open_for_bookings": row["open_for_bookings"],
                    "courses": courses.get(row["pk"], []),
                    "url": reverse("community:resource-detail", args=[row["pk"]]),
                },
            }
        )
    return {"type": "FeatureCollection", "features": features}


PUBLIC_MAP_SECONDS = 60


@dataclass(frozen=True)
class MapData:
    json: bytes
    gzipped: bytes | None = None


def geojson_data(user: User, filters: MapFilters = MapFilters()) -> MapData:
    """The map's data as JSON. What the public sees is the same for every
    visitor, so it is built and compressed once a minute per filter and
    language, not on each of a crowd's requests; a signed-in person's is
    built afresh."""

    def build() -> bytes:
        return json.dumps(geojson(user, filters), ensure_ascii=False).encode()

    if user.is_authenticated:
        return MapData(build())

    def public() -> MapData:
        data = build()
        return MapData(data, gzip.compress(data, compresslevel=6))

    key = f"map:geojson:{get_language()}:{urlencode(sorted(filters.as_query().items()))}"
    return cache.get_or_set(key, public, PUBLIC_MAP_SECONDS)


def resource_detail(user: User, pk: int) -> EducationResource:
    """One place with its courses; curators and the base's managers also
    see places that are not approved."""
    return access.get_visible_or_404(
        user,
        EducationResource.objects.select_related("district", "town").prefetch_related(
            Prefetch(
                "courses",
                queryset=ResourceCourse.objects.filter(is_active=True).order_by("title"),
                to_attr="active_courses",
            )
        ),
        pk=pk,
    )


def recommended_providers(user: User) -> QuerySet[StudyTourProvider]:
    return (
        access.visible(user, StudyTourProvider)
        .filter(is_recommended=True)
        .select_related("district")
        .order_by("name")
    )


# --- Open Referral HSDS ----------------------------------------------------
HSDS_NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "https://tongxin.example.cn/hsds/")


def _hsds_id(kind: str, pk: int | str) -> str:
    """Stable ids, so that a receiving system recognises a place again in
    the next export."""
    return str(uuid.uuid5(HSDS_NAMESPACE, f"{kind}:{pk}"))


def hsds_export(user: User, filters: MapFilters = MapFilters(), *, base_url: str = "") -> dict:
    """The map's places in the Open Referral Human Services Data
    Specification (HSDS 3.0) tabular shape: each place is an organization
    that offers one service (its visits) and one per course, at one
    physical location with its address, phone, schedule and accessibility."""
    rows = list(
        map_resources(user, filters).values(
            *GEO_FIELDS,
            "description",
            "website",
            "contact_name",
            "contact_phone",
            "accessibility",
        )
    )
    courses = defaultdict(list)
    for course in (
        ResourceCourse.objects.filter(resource_id__in=[r["pk"] for r in rows], is_active=True)
        .order_by("resource_id", "title")
        .values("pk", "resource_id", "title", "description", "duration_minutes")
    ):
        courses[course["resource_id"]].append(course)
    categories = dict(ResourceCategory.choices)
    out = {
        "hsds_version": "3.0",
        "organizations": [],
        "services": [],
        "locations": [],
        "service_at_locations": [],
        "addresses": [],
        "phones": [],
        "schedules": [],
        "accessibility": [],
    }
    for row in rows:
        org_id, loc_id = _hsds_id("organization", row["pk"]), _hsds_id("location", row["pk"])
        page = base_url + reverse("community:resource-detail", args=[row["pk"]])
        out["organizations"].append(
            {
                "id": org_id,
                "name": row["name"],
                "description": row["description"],
                "website": row["website"] or page,
                "email": None,
                "legal_status": None,
                "year_incorporated": None,
            }
        )
        out["locations"].append(
            {
                "id": loc_id,
                "location_type": "physical",
                "organization_id": org_id,
                "name": row["name"],
                "description": str(categories.get(row["category"], row["category"])),
                "latitude": float(row["latitude"]),
                "longitude": float(row["longitude"]),
                "url": page,
            }
        )
        out["addresses"].append(
            {
                "id": _hsds_id("address", row["pk"]),
                "location_id": loc_id,
                "address_1": row["address"],
                "city": row["district__name"],
                "region": row["district__name"],
                "state_province": "",
                "postal_code": "",
                "country": "CN",
                "address_type": "physical",
            }
        )
        if row["contact_phone"]:
            out["phones"].append(
                {
                    "id": _hsds_id("phone", row["pk"]),
                    "organization_id": org_id,
                    "location_id": loc_id,
                    "number": row["contact_phone"],
                    "type": "voice",
                    "description": row["contact_name"],
                }
            )
        if row["opening_hours"]:
            out["schedules"].append(
                {
                    "id": _hsds_id("schedule", row["pk"]),
                    "location_id": loc_id,
                    "description": row["opening_hours"],
                }
            )
        if row["accessibility"]:
            out["accessibility"].append(
                {
                    "id": _hsds_id("accessibility", row["pk"]),
                    "location_id": loc_id,
                    "description": row["accessibility"],
                }
            )
        offers = [
            {
                "id": _hsds_id("service", row["pk"]),
                "name": row["name"],
                "description": row["description"],
                "key": f"resource:{row['pk']}",
            }
        ] + [
            {
                "id": _hsds_id("course", course["pk"]),
                "name": course["title"],
                "description": course["description"],
                "key": f"course:{course['pk']}",
            }
            for course in courses.get(row["pk"], [])
        ]
        for offer in offers:
            out["services"].append(
                {
                    "id": offer["id"],
                    "organization_id": org_id,
                    "name": offer["name"],
                    "description": offer["description"],
                    "url": page,
                    "status": "active",
                    "application_process": (
                        "Schools book online through Tongxin." if row["open_for_bookings"] else ""
                    ),
                    "attributes": [
                        {"taxonomy": "tongxin.category", "value": row["category"]},
                        *({"taxonomy": "tongxin.theme", "value": theme} for theme in row["themes"]),
                        *(
                            {"taxonomy": "tongxin.age_group", "value": age}
                            for age in row["age_groups"]
                        ),
                    ],
                }
            )
            out["service_at_locations"].append(
                {
                    "id": _hsds_id("service_at_location", offer["key"]),
                    "service_id": offer["id"],
                    "location_id": loc_id,
                }
            )
    return out
