"""Generation: ``make generate`` from clean and as a no-op, the naive per-provider CLI, and scaling.

Every run works on a temporary copy of the repository's inputs (codegen/, specs/, generated/,
Makefile, pyproject.toml, LICENSE), never on the working tree: generated/ is left exactly as it was.
``make generate`` in the copy is the real target (its venv bootstrap disabled with ``STAMP=``,
and ``PY`` pointing at this repo's .venv). The naive baseline runs the openapi-python-client CLI
once per provider on the committed normalized spec, with its default post hooks (ruff).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import tempfile
import time
from pathlib import Path
from typing import Any

from codegen.yamlload import load_yaml_file

from .common import PY, ROOT, VENV_BIN, Row, median, verdict
from .synth import write_tree

COPIED = ("codegen", "specs", "generated", "Makefile", "pyproject.toml", "LICENSE")
GOAL_SPEEDUP = 1.5
GOAL_NOOP = 0.3


def copy_tree(dst: Path) -> Path:
    for name in COPIED:
        src = ROOT / name
        if src.is_dir():
            shutil.copytree(src, dst / name, ignore=shutil.ignore_patterns("__pycache__", ".*"))
        elif src.exists():
            shutil.copy2(src, dst / name)
    return dst


def providers_of(tree: Path) -> list[str]:
    return sorted(p.name for p in (tree / "specs").iterdir() if (p / "openapi.yaml").exists())


def bytecode_env(cache_dir: Path) -> dict[str, str]:
    """The environment with Python's bytecode cache on (in ``cache_dir``, not in .venv), as on a usual
    machine: this one may set PYTHONDONTWRITEBYTECODE, which makes every process compile every module
    it imports from source."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    return {**env, "PYTHONPYCACHEPREFIX": str(cache_dir)}


def make_generate(tree: Path, env: dict[str, str] | None = None) -> tuple[float, str]:
    """Wall seconds of ``make generate`` in ``tree``, and what it printed."""
    start = time.perf_counter()
    done = subprocess.run(
        ["make", "-s", "-C", str(tree), "generate", f"PY={PY}", "STAMP="],
        capture_output=True, text=True, timeout=900, env=env,
    )  # fmt: skip
    seconds = time.perf_counter() - start
    if done.returncode != 0:
        raise RuntimeError(f"make generate failed in the copy:\n{done.stdout}{done.stderr}")
    return seconds, done.stdout.strip().splitlines()[-1] if done.stdout.strip() else ""


def naive_cli(
    tree: Path, providers: list[str], scratch: Path, base_env: dict[str, str] | None = None
) -> float:
    """Wall seconds of one openapi-python-client CLI run per provider, back to back."""
    base = base_env if base_env is not None else dict(os.environ)
    env = {**base, "PATH": f"{VENV_BIN}{os.pathsep}{base.get('PATH', '')}"}
    start = time.perf_counter()
    for provider in providers:
        done = subprocess.run(
            [str(VENV_BIN / "openapi-python-client"), "generate", "--path", str(tree / "specs" / provider / "openapi.yaml"),
             "--meta", "uv", "--output-path", str(scratch / provider), "--overwrite"],
            capture_output=True, text=True, cwd=scratch, env=env, timeout=600,
        )  # fmt: skip
        if done.returncode != 0 or "error" in (done.stdout + done.stderr).lower():
            raise RuntimeError(f"openapi-python-client failed for {provider}:\n{done.stdout}{done.stderr}")
    return time.perf_counter() - start


def _files(root: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(root)): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file()
        and not any(part.startswith(".") or part == "__pycache__" for part in p.relative_to(root).parts)
    }


def generation(
    reps: int, noop_reps: int, env: dict[str, str] | None = None, warm: bool = False
) -> dict[str, Any]:
    """Clean and no-op ``make generate`` and the naive CLI, interleaved, ``reps`` times each (after one
    unmeasured round of each with ``warm``: fills a bytecode cache)."""
    clean: list[float] = []
    naive: list[float] = []
    noop: list[float] = []
    notes: list[str] = []
    with tempfile.TemporaryDirectory(prefix="bench-gen-") as scratch_dir:
        scratch = Path(scratch_dir)
        tree = copy_tree(scratch / "repo")
        providers = providers_of(tree)
        for i in range(-1 if warm else 0, reps):
            shutil.rmtree(tree / "generated")
            seconds, said = make_generate(tree, env)
            if i >= 0:
                clean.append(seconds)
            if i == 0:
                notes.append(f"clean run said: {said!r}")
            cli_out = scratch / f"naive-{i}"
            cli_out.mkdir()
            seconds = naive_cli(tree, providers, cli_out, env)
            if i >= 0:
                naive.append(seconds)
            shutil.rmtree(cli_out)
        fresh, committed = _files(tree / "generated"), _files(ROOT / "generated")
        differ = sorted(k for k in set(fresh) | set(committed) if fresh.get(k) != committed.get(k))
        notes.append(
            "the clean run reproduced the working tree's generated/ byte for byte"
            if not differ
            else f"the clean run's output differs from the working tree's generated/ in {len(differ)} file(s) "
            f"({', '.join(differ[:3])}{', ...' if len(differ) > 3 else ''}): codegen or specs changed since the "
            "last `make generate`; the timings are of the current codegen"
        )
        for i in range(noop_reps):
            seconds, said = make_generate(tree, env)
            noop.append(seconds)
            if i == 0:
                notes.append(f"no-op run said: {said!r}")
    return {"providers": providers, "clean": clean, "naive": naive, "noop": noop, "notes": notes}


def generation_rows(r: dict[str, Any]) -> list[Row]:
    clean, naive, noop = median(r["clean"]), median(r["naive"]), median(r["noop"])
    n = len(r["providers"])
    return [
        Row("generate", f"`make generate` from clean, all {n} providers", f"{clean:.2f} s",
            f"median of {len(r['clean'])}: " + ", ".join(f"{x:.2f}" for x in r["clean"])),
        Row("generate", f"naive: openapi-python-client CLI once per provider ({n} runs)", f"{naive:.2f} s",
            f"median of {len(r['naive'])}: " + ", ".join(f"{x:.2f}" for x in r["naive"])),
        Row("generate", "speedup: naive CLI runs / our clean `make generate`", f"{naive / clean:.2f}x",
            "our run also normalizes and validates specs, writes contract models and provenance",
            f"≥ {GOAL_SPEEDUP:.1f}x", verdict(naive / clean >= GOAL_SPEEDUP)),
        Row("generate", "no-op `make generate` (nothing changed)", f"{noop:.3f} s",
            f"median of {len(r['noop'])}: " + ", ".join(f"{x:.3f}" for x in r["noop"]),
            f"< {GOAL_NOOP} s", verdict(noop < GOAL_NOOP)),
    ]  # fmt: skip


def run_worker(root: Path, warm: Path | None = None) -> dict[str, Any]:
    """Forced codegen in a fresh interpreter on the provider tree ``root``: seconds per step (see _genworker)."""
    done = subprocess.run(
        [PY, "-m", "bench._genworker", str(root), "--force", *(["--warm", str(warm)] if warm else [])],
        cwd=ROOT, capture_output=True, text=True, timeout=1800,
    )  # fmt: skip
    if done.returncode != 0:
        raise RuntimeError(f"codegen failed on {root}:\n{done.stdout[-3000:]}{done.stderr[-3000:]}")
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def bytecode_rows(conformance_wall: float | None, without: float | None = None) -> list[Row]:
    """The conformance replay with Python's bytecode cache on (see bytecode_env): .venv ships .pyc files,
    but with PYTHONDONTWRITEBYTECODE set every process compiles the repository's own modules (the
    generated packages, conformance/) again."""
    if conformance_wall is None:
        return []
    detail = "after a --collect-only warm-up that fills a cache in a temp dir; goal < 10 s"
    if without is not None:
        detail = f"{without:.1f} s -> {conformance_wall:.1f} s; " + detail
    return [
        Row("what-if", "bytecode cache on (PYTHONDONTWRITEBYTECODE unset): conformance replay",
            f"{conformance_wall:.1f} s", detail)
    ]  # fmt: skip


def _worker_command(tree: Path, env_base: dict[str, str] | None = None) -> tuple[list[str], dict[str, Any]]:
    # The copy's own codegen (cwd comes first on sys.path; ROOT inside it is the copy).
    args = [PY, "-m", "bench._genworker", str(tree), "--force"]
    base = env_base if env_base is not None else dict(os.environ)
    return args, {"cwd": tree, "env": {**base, "PYTHONPATH": str(ROOT)}}


def _parse_worker(tree: Path, returncode: int, stdout: str, stderr: str) -> dict[str, Any]:
    if returncode != 0:
        raise RuntimeError(f"codegen failed in the copy {tree}:\n{stdout[-3000:]}{stderr[-3000:]}")
    result: dict[str, Any] = json.loads(stdout.strip().splitlines()[-1])
    result["output"] = {
        **_files(tree / "generated"),
        **{f"specs/{k}": v for k, v in _files(tree / "specs").items()},
    }
    return result


def _forced_in_copy(tree: Path, env_base: dict[str, str] | None = None) -> dict[str, Any]:
    """A forced regeneration of the real providers in the copy ``tree``, timed step by step and as a
    whole process (``wall``: interpreter start and imports included); with its output, to compare."""
    shutil.rmtree(tree / "generated", ignore_errors=True)
    args, where = _worker_command(tree, env_base)
    start = time.perf_counter()
    done = subprocess.run(args, capture_output=True, text=True, timeout=900, **where)
    wall = time.perf_counter() - start
    return {**_parse_worker(tree, done.returncode, done.stdout, done.stderr), "wall": wall}


def _split(tree: Path, groups: int) -> list[list[str]]:
    """Providers in ``groups`` groups of about equal source size (greedy, largest first)."""
    sizes = {
        p: sum(f.stat().st_size for f in (tree / "specs" / p / "source").rglob("*") if f.is_file())
        for p in providers_of(tree)
    }
    bins: list[list[str]] = [[] for _ in range(groups)]
    load = [0] * groups
    for p in sorted(sizes, key=lambda name: -sizes[name]):
        i = load.index(min(load))
        bins[i].append(p)
        load[i] += sizes[p]
    return [b for b in bins if b]


def _parallel_in_copies(scratch: Path, groups: int) -> dict[str, Any]:
    """G4: the providers split over ``groups`` processes run at once (one copy each, providers.yaml
    trimmed to the group); ``wall`` is from the first start to the last exit."""
    import yaml

    base = copy_tree(scratch / "base")
    trees = []
    for i, group in enumerate(_split(base, groups)):
        tree = copy_tree(scratch / f"part{i}")
        shutil.rmtree(tree / "generated")
        config = load_yaml_file(tree / "codegen" / "providers.yaml")
        config["providers"] = {k: v for k, v in config["providers"].items() if k in group}
        (tree / "codegen" / "providers.yaml").write_text(yaml.safe_dump(config, sort_keys=False))
        trees.append(tree)
    start = time.perf_counter()
    procs = []
    for tree in trees:
        args, where = _worker_command(tree)
        procs.append(
            subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, **where)
        )
    results = []
    for tree, proc in zip(trees, procs, strict=True):
        stdout, stderr = proc.communicate(timeout=900)
        results.append(_parse_worker(tree, proc.returncode, stdout, stderr))
    wall = time.perf_counter() - start
    output: dict[str, bytes] = {}
    for r in results:
        output |= {k: v for k, v in r["output"].items() if not k.startswith("specs/")}
    # the normalized specs: each provider's from the copy that generated it
    for tree, group in zip(trees, _split(base, groups), strict=True):
        output |= {f"specs/{k}": v for k, v in _files(tree / "specs").items() if k.split("/")[0] in group}
    return {"wall": wall, "output": output, "groups": _split(base, groups)}


def g4_generation(reps: int = 3) -> dict[str, Any]:
    """Forced regeneration of the real providers as today (timed step by step) and G4, the providers
    split over the CPUs, each in fresh copies, interleaved ``reps`` times; per variant the run with the
    median wall time is kept (its steps too), and every G4 output is compared with today's."""
    every: dict[str, list[dict[str, Any]]] = {"now": [], "parallel": []}
    for _ in range(reps):
        for name, runs in every.items():
            with tempfile.TemporaryDirectory(prefix="bench-g4-") as scratch:
                if name == "parallel":
                    runs.append(_parallel_in_copies(Path(scratch), min(2, os.cpu_count() or 1)))
                else:
                    runs.append(_forced_in_copy(copy_tree(Path(scratch) / "repo")))
    baseline = every["now"][0]["output"]
    identical = all(run["output"] == baseline for runs in every.values() for run in runs)
    kept: dict[str, dict[str, Any]] = {}
    for name, results in every.items():
        ordered = sorted(results, key=lambda run: run["wall"])
        kept[name] = ordered[len(ordered) // 2]
        kept[name]["walls"] = [run["wall"] for run in results]
        for run in results:
            run.pop("output", None)
    return {"now": kept["now"], "parallel": kept["parallel"], "identical": identical}


def g4_rows(w: dict[str, Any], clean_make: float | None, naive: float | None) -> list[Row]:
    now, parallel = w["now"], w["parallel"]
    groups = " | ".join(", ".join(g) for g in parallel["groups"])
    detail = (
        f"forced run of all providers, whole process (interpreter and imports included), median of "
        f"{len(parallel['walls'])} interleaved ({', '.join(f'{x:.2f}' for x in parallel['walls'])}; now: "
        f"{', '.join(f'{x:.2f}' for x in now['walls'])}); output byte-identical to now: "
        f"{'yes' if w['identical'] else 'NO'}"
    )
    if clean_make is not None and naive is not None:
        projected = clean_make - (now["wall"] - parallel["wall"])
        detail += (
            f"; projected clean `make generate` {projected:.2f} s, {naive / projected:.2f}x faster than the naive "
            f"CLI runs (goal ≥ {GOAL_SPEEDUP:.1f}x)"
        )
    return [
        Row("what-if", f"G4 providers split over {len(parallel['groups'])} processes ({groups})",
            f"{now['wall']:.2f} s -> {parallel['wall']:.2f} s", detail)
    ]  # fmt: skip


def scaling(sizes: list[int], reps: int = 2) -> dict[int, dict[str, Any]]:
    """Forced generation of a synthetic provider of each size, each in a fresh interpreter warmed up
    on a 1-operation provider (imports and one-time setup are fixed costs, not growth); all sizes
    ``reps`` times over, and per size the fastest run is kept (the one least disturbed by other load)."""
    out: dict[int, dict[str, Any]] = {}
    for _ in range(reps):
        for size in sizes:
            with tempfile.TemporaryDirectory(prefix=f"bench-scale-{size}-") as scratch:
                warm = write_tree(Path(scratch) / "warm", 1)
                run = run_worker(write_tree(Path(scratch) / "tree", size), warm)
                source = Path(scratch) / "tree" / "specs" / "synth" / "source" / "openapi.yaml"
                run["spec_bytes"] = source.stat().st_size
                run["totals"] = [*out.get(size, {}).get("totals", []), run["total"]]
                if size not in out or run["total"] < out[size]["total"]:
                    out[size] = run
                else:
                    out[size]["totals"] = run["totals"]
    return out


def scaling_rows(r: dict[int, dict[str, Any]]) -> list[Row]:
    sizes = sorted(r)
    rows = [
        Row("scale", f"{n} operations", f"{r[n]['total']:.2f} s",
            f"{r[n]['total'] / n * 1000:.1f} ms/operation (fastest of {', '.join(f'{t:.2f}' for t in r[n]['totals'])} s; "
            f"spec {r[n]['spec_bytes'] / 1024:.0f} KiB; "
            f"imports and a warm-up run {r[n]['imports']:.2f} s not counted)")
        for n in sizes
    ]  # fmt: skip
    if len(sizes) >= 3:
        a, b, c = sizes[-3], sizes[-2], sizes[-1]
        lower = (r[b]["total"] - r[a]["total"]) / (b - a)
        upper = (r[c]["total"] - r[b]["total"]) / (c - b)
        growth = upper / lower if lower > 0 else float("inf")
        rows.append(
            Row("scale", f"marginal cost per operation, {b}→{c} vs {a}→{b}", f"{growth:.2f}x",
                f"{upper * 1000:.1f} vs {lower * 1000:.1f} ms/operation; 1.00x is exactly linear",
                "≤ 1.5x (roughly linear)", verdict(growth <= 1.5))
        )  # fmt: skip
    return rows


def steps_table(per_size: dict[Any, dict[str, Any]]) -> list[str]:
    """Markdown: seconds per codegen step, one column per run."""
    labels: list[str] = []
    for run in per_size.values():
        labels += [k for k in run["steps"] if k not in labels]
    heads = list(per_size)
    lines = ["| step | " + " | ".join(str(h) for h in heads) + " |", "| --- |" + " --- |" * len(heads)]
    for label in labels:
        cells = [f"{per_size[h]['steps'].get(label, 0.0):.2f}" for h in heads]
        lines.append(f"| {label} | " + " | ".join(cells) + " |")
    lines.append(
        "| **total of the steps' run** | "
        + " | ".join(f"**{per_size[h]['total']:.2f}**" for h in heads)
        + " |"
    )
    if all("wall" in per_size[h] for h in heads):
        lines.append(
            "| whole process (interpreter, imports, run) | "
            + " | ".join(f"{per_size[h]['wall']:.2f}" for h in heads)
            + " |"
        )
    lines.append(
        "| before the run: importing codegen (+ warm-up run, scaling only) | "
        + " | ".join(f"{per_size[h]['imports']:.2f}" for h in heads)
        + " |"
    )
    return lines
