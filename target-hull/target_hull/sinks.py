"""The sink every stream shares: it hands records to the target's single Ingestor."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from singer_sdk.sinks import BatchSink

if TYPE_CHECKING:
    from singer_sdk.helpers._typing import DatetimeErrorTreatmentEnum

    from target_hull.target import TargetHull


class HullSink(BatchSink):
    """Per-stream front of the shared Ingestor, so records commit in arrival order."""

    def __init__(self, target: TargetHull, *args: Any, **kwargs: Any) -> None:
        super().__init__(target, *args, **kwargs)
        self.hull_target = target
        self.ingestor = target.ingestor
        if not self.ingestor.covers(self.stream_name):
            self.logger.info(
                "Stream '%s' is not in the '%s' mapping; its records are ignored.",
                self.stream_name,
                self.ingestor.mapping.source,
            )

    def get_validator(self):  # type: ignore[no-untyped-def]
        """Validation only when `validate_records` is on (target-hull's default is off)."""
        return super().get_validator() if self.config.get("validate_records") else None

    def _parse_timestamps_in_record(
        self, record: dict, schema: dict, treatment: DatetimeErrorTreatmentEnum
    ) -> None:
        """Keep date-times as the ISO strings the tap sent; the store keeps them verbatim."""

    def process_record(self, record: dict, context: dict) -> None:
        self.ingestor.add(self.stream_name, record)

    @property
    def is_full(self) -> bool:
        return self.ingestor.is_full

    def process_batch(self, context: dict) -> None:
        self.ingestor.flush()
        self.hull_target.checkpoint()
