"""Reading a demarche run folder back: one reader for the recipes, so each refuses a folder
that is not a run with the same words (the Rust one is RunDir, crates/tables/src/run_dir.rs).

A run folder holds manifest.json and each table as <table>.csv and <table>.parquet with the
same rows (docs/schema.md). The tables are read from the CSV: the recipes' Pythons have no
pyarrow (target/venv-ml) or no pandas (python3), and a table read from Parquet comes back
with other nulls and types (NaN, floats) than the CSV, so a recipe's output would depend on
what is installed.

    rows(run, "sentences")    list of dicts, every cell a string ("" where null); stdlib only
    frame(run, "sentences")   pandas DataFrame; keyword arguments go to pandas.read_csv
    manifest(run)             manifest.json as a dict

Standard library only at import, so the recipes run by a bare python3 can use it.
"""
import csv
import json
from pathlib import Path

MANIFEST = "manifest.json"


class NotARun(FileNotFoundError):
    """A folder read as a run that is not one, or a run without the table asked for."""


def folder(run):
    """The run folder as a Path, once it is known to be a run."""
    run = Path(run)
    if not (run / MANIFEST).is_file():
        why = f"no {MANIFEST}" if run.is_dir() else "no such folder"
        raise NotARun(f"{run}: not a demarche run folder ({why}); make one with `demarche run INPUTS --out {run}`")
    return run


def table_path(run, table):
    """The CSV file of one table of a run."""
    path = folder(run) / f"{table}.csv"
    if not path.is_file():
        have = ", ".join(sorted(p.stem for p in Path(run).glob("*.csv"))) or "none"
        raise NotARun(f"{run}: the run has no {table}.csv (its tables: {have}); a run of another version of "
                      f"demarche? Run it again with this one: `demarche run INPUTS --out {run}`")
    return path


def manifest(run):
    """manifest.json of a run, parsed."""
    with open(folder(run) / MANIFEST, encoding="utf-8") as f:
        return json.load(f)


def rows(run, table):
    """A table's rows as dicts of strings, in file order; a null is "".

    >>> import tempfile
    >>> tmp = tempfile.TemporaryDirectory()
    >>> run = Path(tmp.name)
    >>> def fails(f, *a):
    ...     try:
    ...         f(*a)
    ...     except NotARun as e:
    ...         print(str(e).replace(str(run), "RUN"))
    >>> fails(rows, run / "nowhere", "errors")
    RUN/nowhere: not a demarche run folder (no such folder); make one with `demarche run INPUTS --out RUN/nowhere`
    >>> fails(rows, run, "errors")
    RUN: not a demarche run folder (no manifest.json); make one with `demarche run INPUTS --out RUN`
    >>> _ = (run / MANIFEST).write_text('{"run_id": "x"}')
    >>> _ = (run / "documents.csv").write_text("doc_id,title\\n")
    >>> fails(rows, run, "errors")
    RUN: the run has no errors.csv (its tables: documents); a run of another version of demarche? Run it again with this one: `demarche run INPUTS --out RUN`
    >>> long = "z" * 200000  # past the csv module's default field limit
    >>> _ = (run / "errors.csv").write_text(f'path,stage,level,message\\na.txt,ingest,error,"x, ""y"" z"\\nNA,,,{long}')
    >>> [(r["path"], r["stage"], len(r["message"])) for r in rows(run, "errors")]
    [('a.txt', 'ingest', 8), ('NA', '', 200000)]
    >>> rows(run, "errors")[0]["message"], manifest(run)["run_id"]
    ('x, "y" z', 'x')
    >>> tmp.cleanup()
    """
    # A turn's text can be a whole speech, longer than the csv module's default field limit.
    csv.field_size_limit(1 << 30)
    with open(table_path(run, table), newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def frame(run, table, **read_csv):
    """A table as a pandas DataFrame. pandas.read_csv's defaults make empty cells NaN (and
    numeric columns with nulls floats); keep_default_na=False keeps them ""."""
    import pandas as pd  # here, so that the recipes without pandas can import this module

    return pd.read_csv(table_path(run, table), **read_csv)
