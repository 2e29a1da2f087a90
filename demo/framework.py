"""The demo programme's results framework (demo/data/framework.json): two results, five indicators
including the EU Trust Fund's 3.7 and 4.2, some targets met and others not."""

import datetime
import json
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

from courses.models import Programme, Theme
from results.catalogue import catalogue_load
from results.compute import compute_indicators
from results.models import DonorIndicator, ExpectedResult, Indicator, IndicatorTarget, ManualValue

DATA = Path(__file__).resolve().parent / "data" / "framework.json"


def write_framework(programme: Programme, author, today: datetime.date) -> int:
    """Write the framework; returns the number of indicators. Targets are set from what the records
    achieve (``target_ratio``), so that the same targets are met or not at every scale."""
    catalogue_load()  # the catalogue comes with a migration, but a flushed database has lost it
    spec = json.loads(DATA.read_text(encoding="utf-8"))
    made: list[tuple[Indicator, dict]] = []
    for result_spec in spec["results"]:
        result = ExpectedResult.objects.create(
            programme=programme, code=result_spec["code"], title=result_spec["title"]
        )
        for item in result_spec["indicators"]:
            made.append((_indicator(result, item, author, today), item))
    achieved = {p.indicator_id: p for p in compute_indicators(programme, programme.start_date, today)}
    for indicator, item in made:
        if "target_ratio" not in item:
            continue
        progress = achieved[indicator.pk]
        indicator.target = _round(progress.since_start * Decimal(str(item["target_ratio"])))
        if "women_ratio" in item:
            indicator.target_women = _round((progress.women or 0) * Decimal(str(item["women_ratio"])))
            indicator.target_men = _round((progress.men or 0) * Decimal(str(item["men_ratio"])))
        indicator.save(update_fields=["target", "target_women", "target_men"])
        if item.get("yearly"):
            years = range(programme.start_date.year, today.year + 1)
            share = _round(indicator.target / len(years))
            IndicatorTarget.objects.bulk_create(
                IndicatorTarget(indicator=indicator, year=year, value=share) for year in years
            )
    return len(made)


def _indicator(result: ExpectedResult, item: dict, author, today: datetime.date) -> Indicator:
    fields = {
        key: item[key]
        for key in (
            "code",
            "title_fr",
            "title_en",
            "title_es",
            "unit",
            "measure",
            "activity_kinds",
            "kind",
            "target",
        )
        if key in item
    }
    if "catalogue" in item:
        entry = DonorIndicator.objects.get(donor="EUTF", code=item["catalogue"], current=True)
        fields |= {
            "catalogue": entry,
            "title_fr": entry.title_fr,
            "title_en": entry.title_en,
            "title_es": entry.title_es,
        }
    indicator = Indicator.objects.create(result=result, **fields)
    if item.get("themes"):
        indicator.themes.set(Theme.objects.filter(name__in=item["themes"]))
    for value in item.get("values", []):
        year = value["year"]
        ManualValue.objects.create(
            indicator=indicator,
            period_start=datetime.date(year, 1, 1),
            period_end=min(datetime.date(year, 12, 31), today),
            value=value["value"],
            comment=value["comment"],
            status=value["status"],
            created_by=author,
            reviewed_by=author if value["status"] == "approved" else None,
        )
    return indicator


def _round(value) -> Decimal:
    return Decimal(value).quantize(Decimal(1), rounding=ROUND_HALF_UP)
