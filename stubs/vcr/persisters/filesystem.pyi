from os import PathLike
from typing import Any

class CassetteNotFoundError(FileNotFoundError): ...
class CassetteDecodeError(ValueError): ...

class FilesystemPersister:
    @classmethod
    def load_cassette(
        cls, cassette_path: str | PathLike[str], serializer: Any
    ) -> tuple[list[Any], list[dict[str, Any]]]: ...
    @staticmethod
    def save_cassette(
        cassette_path: str | PathLike[str], cassette_dict: dict[str, Any], serializer: Any
    ) -> None: ...
