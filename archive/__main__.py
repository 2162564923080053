"""``python -m archive``: look after the story archive from the command line.

python -m archive hash-passphrase      # make a moderator passphrase hash
python -m archive upgrade              # create or upgrade the database schema
python -m archive remove-examples      # delete the example stories
python -m archive export --format json --out stories.json
python -m archive erase STORY_NUMBER --reason "Request by email, 3 March"
"""

from __future__ import annotations

import argparse
import getpass
import sys
from pathlib import Path

from archive import transfer
from archive.moderators import PassphraseError, hash_passphrase
from archive.store import ArchiveError, ArchiveUnavailableError, StoryStore


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m archive", description=__doc__.split("\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("hash-passphrase", help="print the hash of a new moderator passphrase")
    commands.add_parser("upgrade", help="create or upgrade the archive's database schema")
    commands.add_parser("remove-examples", help="delete the example stories")
    export = commands.add_parser("export", help="export approved stories")
    export.add_argument("--format", choices=("csv", "json"), default="json")
    export.add_argument("--out", type=Path, required=True)
    erase = commands.add_parser("erase", help="erase a story for good (a removal request)")
    erase.add_argument(
        "number",
        help='the story number the person was given (an older number that starts with "-" '
        'goes after "--")',
    )
    erase.add_argument("--reason", required=True, help="kept in the audit log")
    args = parser.parse_args(argv)

    if args.command == "hash-passphrase":
        first = getpass.getpass("New moderator passphrase (12 characters or more): ")
        if getpass.getpass("Again: ") != first:
            print("The two passphrases differ.", file=sys.stderr)
            return 1
        try:
            print(hash_passphrase(first))
        except PassphraseError as exc:
            print(exc, file=sys.stderr)
            return 1
        print(
            "Put it in .streamlit/secrets.toml under [moderation] passphrase_hash, or in "
            "the OBSERVATORY_MODERATOR_HASH environment variable.",
            file=sys.stderr,
        )
        return 0

    store = StoryStore()
    try:
        if args.command == "upgrade":
            store.upgrade()
            print(f"Archive schema at revision {store.schema_revision()}.")
        elif args.command == "remove-examples":
            print(f"Removed {store.remove_examples()} example stories.")
        elif args.command == "export":
            stories = store.stories(limit=None)
            data = (
                transfer.export_csv(stories)
                if args.format == "csv"
                else transfer.export_json(stories)
            )
            args.out.write_bytes(data)
            print(f"Exported {len(stories)} stories to {args.out}.")
        elif args.command == "erase":
            store.erase(args.number, "command line", args.reason)
            print(f"Story {args.number} has been erased; the audit log records why.")
    except (ArchiveUnavailableError, ArchiveError) as exc:
        print(exc, file=sys.stderr)
        return 1
    finally:
        store.dispose()
    return 0


if __name__ == "__main__":
    sys.exit(main())
