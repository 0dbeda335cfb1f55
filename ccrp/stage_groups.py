"""What the stage loops consume and commit: a consumed message, the offsets to commit
after a batch, and the consumer group reading each of the stream app's topics."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from confluent_kafka import Message, TopicPartition

from ccrp.settings import KafkaSettings
from ccrp.transport import consumer_lag_by_topic
from schemas import DEADLETTER, RAW, REFERRALS, REPORTS
from schemas.topics import CORRECTIONS


@dataclass(frozen=True, slots=True)
class Consumed:
    """One consumed message with plain attributes (what a dead letter records of it)."""

    topic: str
    partition: int
    offset: int
    key: bytes | None
    value: bytes | None

    @classmethod
    def of(cls, msg: Message) -> Consumed:
        return cls(
            msg.topic() or "", msg.partition() or 0, msg.offset() or 0, msg.key(), msg.value()
        )


def next_offsets(batch: Sequence[Consumed]) -> list[TopicPartition]:
    """Per partition, the offset after the last message of the batch (what to commit)."""
    last: dict[tuple[str, int], int] = {}
    for msg in batch:
        key = (msg.topic, msg.partition)
        last[key] = max(last.get(key, -1), msg.offset)
    return [TopicPartition(t, p, offset + 1) for (t, p), offset in last.items()]


def stage_group(app_id: str, stage: str) -> str:
    """The consumer group of one high-volume stage of app ``app_id``."""
    return f"{app_id}.{stage}"


def app_groups(app_id: str) -> dict[str, str]:
    """Each topic the stream app reads, with the consumer group reading it: the stage loops
    have a group each; faust's agents (referrals, corrections, dead letters) share the app's."""
    return {
        RAW.name: stage_group(app_id, "enrich"),
        REPORTS.name: stage_group(app_id, "resolve"),
        REFERRALS.name: app_id,
        CORRECTIONS.name: app_id,
        DEADLETTER.name: app_id,
    }


def app_lag_by_topic(kafka: KafkaSettings, app_id: str) -> dict[str, int]:
    """Per topic: messages the stream app has not yet committed."""
    lag: dict[str, int] = {}
    by_group: dict[str, list[str]] = {}
    for topic, group in app_groups(app_id).items():
        by_group.setdefault(group, []).append(topic)
    for group, topics in by_group.items():
        lag |= consumer_lag_by_topic(kafka, group, topics)
    return lag
