"""The queue library's binding (huey): it carries "run job <id>"; the jobs table holds everything else."""

from kakehashi.adapters.jobs.queue import BACKENDS, HueyJobQueue, make_huey

__all__ = ["BACKENDS", "HueyJobQueue", "make_huey"]
