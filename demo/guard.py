"""The guard of the commands that reset the demo (seed_demo --reset, bench): never silently next to real records."""

from django.core.management.base import CommandError

from .reset import Census


def add_keep_other_records_argument(parser) -> None:
    parser.add_argument(
        "--keep-other-records",
        action="store_true",
        help="reset the demo even though the database holds records that are not the demo's (they are kept)",
    )


def refuse_reset_among_other_records(state: Census, confirmed: bool) -> None:
    """A reset next to real records needs an explicit yes, after being told what it would remove."""
    if state.has_other_records and not confirmed:
        raise CommandError(
            "This database holds records that are not the demo's "
            f"({Census.describe(state.other)}); a reset keeps them and would remove the demo's only "
            f"({Census.describe(state.demo)}). Nothing was changed. Run again with --keep-other-records "
            "to confirm."
        )
