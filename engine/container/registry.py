"""Finding containers the way the daemon does: full id, name, or unique id prefix."""

from __future__ import annotations

TYPE_CHECKING = False  # typing costs a start 2 ms (issue 18): annotations only
if TYPE_CHECKING:
    from typing import Dict, Iterator, List, Optional

from ..errors import Conflict, EmptyName, InvalidParameter, NoSuchContainer
from .container import Container


class ContainerRegistry:
    def __init__(self):
        self._by_id: Dict[str, Container] = {}
        self._by_name: Dict[str, str] = {}

    def __len__(self) -> int:
        return len(self._by_id)

    def __iter__(self) -> Iterator[Container]:
        return iter(self._by_id.values())

    def name_taken(self, name: str) -> bool:
        return name in self._by_name

    def check_name_free(self, name: str) -> None:
        owner = self._by_name.get(name)
        if owner is not None:
            raise Conflict(f'Conflict. The container name "/{name}" is already in use by '
                           f'container "{owner}". You have to remove (or rename) that '
                           f'container to be able to reuse that name.')

    def add(self, container: Container) -> None:
        self.check_name_free(container.name)
        self._by_id[container.id] = container
        self._by_name[container.name] = container.id

    def remove(self, container: Container) -> None:
        self._by_id.pop(container.id, None)
        if self._by_name.get(container.name) == container.id:
            del self._by_name[container.name]

    def rename(self, container: Container, new_name: str) -> None:
        self.check_name_free(new_name)
        del self._by_name[container.name]
        container.name = new_name
        self._by_name[new_name] = container.id

    def find(self, ref: str) -> Optional[Container]:
        """Docker's order: full id, then exact name, then a unique id prefix."""
        if not ref:
            return None
        found = self._by_id.get(ref)
        if found is not None:
            return found
        owner = self._by_name.get(ref[1:] if ref.startswith("/") else ref)
        if owner is not None:
            return self._by_id[owner]
        matches: List[str] = [cid for cid in self._by_id if cid.startswith(ref)]
        if len(matches) > 1:
            raise InvalidParameter(f"multiple IDs found with provided prefix: {ref}")
        return self._by_id[matches[0]] if matches else None

    def get(self, ref: str) -> Container:
        if ref == "":
            raise EmptyName()
        found = self.find(ref)
        if found is None:
            raise NoSuchContainer(ref)
        return found
