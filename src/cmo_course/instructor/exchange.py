"""nbgrader's exchange, with one fix: a submission handed in under another learner's name is
refused at collect."""

from __future__ import annotations

import os
from typing import Any

from nbgrader.exchange.default.collect import ExchangeCollect


class OwnerCheckedCollect(ExchangeCollect):
    """nbgrader's collect, refusing submissions handed in under another learner's name.

    In the exchange, a submission's folder name says whose it is, and anyone can write any name
    (``nbgrader submit --student=someone``). Plain nbgrader only warns, and then collects the
    newest folder per name: a learner could replace a classmate's work. Here a folder whose
    owner is not the user it names is left out (with an error in the log), and the named
    learner's newest own submission is collected instead.
    """

    def _owner(self, record: dict[str, Any]) -> str:
        import pwd

        try:
            uid = os.stat(os.path.join(self.inbound_path, record["filename"])).st_uid
            return pwd.getpwuid(uid).pw_name
        except (KeyError, OSError):
            return "an unknown user"

    def init_src(self) -> None:
        super().init_src()
        if os.name != "posix" or not self.check_owner:
            return
        import glob

        kept = []
        for record in self.src_records:
            if self._owner(record) == record["username"]:
                kept.append(record)
                continue
            pattern = os.path.join(
                self.inbound_path,
                f"{glob.escape(record['username'])}+{glob.escape(self.coursedir.assignment_id)}+*",
            )
            candidates = [self._path_to_record(path) for path in glob.glob(pattern)]
            for other in candidates:
                owner = self._owner(other)
                if owner != other["username"]:
                    self.log.error(
                        "Not collected: %s names %s but was handed in by %s.",
                        other["filename"],
                        other["username"],
                        owner,
                    )
            own = [r for r in candidates if self._owner(r) == r["username"]]
            if own:
                kept.append(self._sort_by_timestamp(own)[0])
        self.src_records = kept
