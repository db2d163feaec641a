#!/usr/bin/env python3
"""Tries to break recsh the way a hostile user would, with a fixed seed and a time budget.

Three kinds of cases, taken in turn until the budget is spent:
  lines     generated command lines (every command, wrong options, huge and non-finite numbers,
            long strings, stray quotes, devices and folders as paths), run as one --keep-going
            script per batch on ml-100k with models trained;
  datasets  broken copies of the real ratings, movies and links files (truncated, bytes flipped,
            values out of range, nan ids, unclosed quotes, a 2 MiB line, CRLF), loaded strict and
            lenient;
  artifacts an exported folder with values altered behind matching sha256s, loaded back.

A case fails when recsh dies of a signal (a crash: SIGSEGV, SIGILL, SIGTRAP from a Swift fatal
error), prints "Fatal error", runs past its time limit, or destroys a file it did not write (a
sentinel file sits in every folder a case may write to). Failing cases are saved with their
inputs under .build/fuzz/ and the script exits 1.

  python3 Scripts/fuzz.py --recsh .build/release/recsh --data ../shared/datasets --seconds 240
"""
import argparse, hashlib, json, os, random, shutil, signal, struct, subprocess, sys, tempfile, time

COMMANDS = ["load", "datasets", "use", "info", "movie", "search", "coverage", "compare", "train", "models", "drop",
            "similar", "also-liked", "blend", "recommend", "popular", "export", "split", "eval", "judge", "timeit",
            "report", "set", "show", "help", "record", "run", "monitor", "request", "serve"]
OPTIONS = ["k", "by", "strict", "as", "user", "likes", "genre", "years", "factors", "epochs", "lr", "reg", "alpha",
           "iterations", "lambda", "models", "format", "seed", "threads", "n", "for", "sweep", "step", "since", "log",
           "html", "title", "exclude-seen", "prior", "port", "cache", "overview", "cast-size", "out", "engine", "master",
           "reg-scaling", "spark.conf.spark.x", "bogus"]
NUMBERS = ["0", "-1", "1", "5", "1e300", "-1e300", "1e-300", "1e-9", "nan", "inf", "-inf", "9223372036854775808",
           "2147483648", "0.5", "1e10", "1e30", "3.", ".5", "1..0", "0..1", "-5..5", "1990..1999", "99999999999"]
WORDS = ["ml-100k", "ml-latest-small", "tmdb", "knn", "svd", "als", "ease", "popular", "tfidf", "i1", "i2", "e1", "json",
         "csv", "table", "yes", "no", "count", "bayes", "off", "status", "stop", "reload", "Comedy", "Horror", "top500", "all",
         "ml:1", "tmdb:862", "1366", "user=1", "/dev/zero", "/dev/null", "/dev/full", ".", "..", "/", "sandbox",
         "sandbox/out", "sandbox/out.html", "sandbox/t.rec", "\"feel-good\"", "\"Toy Story\"", "\"\"", "\"",
         "\"unclosed", "é", "日本", "a;b", "#", "x" * 300, "%s%n", "${HOME}", "../../etc/hostname"]
SETUP = "load ml-100k\ntrain knn\ntrain popular\n"


def value(rng):
    r = rng.random()
    if r < 0.4: return rng.choice(NUMBERS)
    if r < 0.8: return rng.choice(WORDS)
    if r < 0.9: return ",".join(rng.choice(NUMBERS) for _ in range(rng.randint(2, 4)))
    return "".join(rng.choice("\"\\=;,.:#{}[]() \t") for _ in range(rng.randint(1, 8)))


def line(rng):
    if rng.random() < 0.05:
        return "".join(chr(rng.randint(1, 0x2FF)) for _ in range(rng.randint(1, 40))).replace("\n", " ")
    parts = [rng.choice(COMMANDS)]
    for _ in range(rng.randint(0, 4)):
        parts.append(f"{rng.choice(OPTIONS)}={value(rng)}" if rng.random() < 0.6 else value(rng))
    return " ".join(parts)


class Runner:
    def __init__(self, args):
        self.recsh = os.path.abspath(args.recsh)
        self.data = os.path.abspath(args.data)
        self.out = os.path.abspath(".build/fuzz")
        self.failures = 0
        self.cases = {"lines": 0, "datasets": 0, "artifacts": 0}
        shutil.rmtree(self.out, ignore_errors=True)
        os.makedirs(self.out)

    def sandbox(self):
        root = tempfile.mkdtemp(prefix="recsh-fuzz-")
        os.makedirs(os.path.join(root, "sandbox"))
        for folder in (root, os.path.join(root, "sandbox")):
            with open(os.path.join(folder, "sentinel.txt"), "w") as f:
                f.write("not recsh's\n")
        return root

    def run(self, kind, root, script, limit=120):
        path = os.path.join(root, "case.rec")
        with open(path, "w") as f:
            f.write(script)
        env = dict(os.environ, RECSH_DATA=self.data, HOME=root, RECSH_HISTORY=os.path.join(root, "history"),
                   RECSH_DOWNLOAD_URL="http://127.0.0.1:9/")
        self.cases[kind] += 1
        try:
            p = subprocess.run([self.recsh, "--norc", "--keep-going", path], cwd=root, env=env, stdin=subprocess.DEVNULL,
                               capture_output=True, timeout=limit)
            problem = None
            if p.returncode < 0:
                problem = f"killed by {signal.Signals(-p.returncode).name}"
            elif b"Fatal error" in p.stderr:
                problem = "Swift fatal error"
            stderr = p.stderr
        except subprocess.TimeoutExpired as e:
            problem, stderr = f"ran past {limit} s", e.stderr or b""
        for folder in (root, os.path.join(root, "sandbox")):
            sentinel = os.path.join(folder, "sentinel.txt")
            if not os.path.isfile(sentinel) or open(sentinel).read() != "not recsh's\n":
                problem = (problem + "; " if problem else "") + f"destroyed {os.path.relpath(sentinel, root)}"
        if problem:
            self.failures += 1
            keep = os.path.join(self.out, f"{kind}-{self.cases[kind]}")
            shutil.copytree(root, keep, symlinks=True, ignore=shutil.ignore_patterns("*.npy"))
            with open(os.path.join(keep, "stderr.txt"), "wb") as f:
                f.write(stderr[-20000:])
            print(f"FAIL {kind} case {self.cases[kind]}: {problem} (saved in {os.path.relpath(keep)})", flush=True)
        shutil.rmtree(root, ignore_errors=True)

    def lines(self, rng):
        root = self.sandbox()
        body = "\n".join(line(rng) for _ in range(60))
        self.run("lines", root, SETUP + body + "\nserve stop\n")

    def datasets(self, rng):
        root = self.sandbox()
        target = os.path.join(root, "sandbox", "broken")
        source = os.path.join(self.data, rng.choice(["ml-100k", "ml-latest-small"]))
        os.makedirs(target)
        names = ["u.data", "u.item", "u.genre"] if source.endswith("100k") else ["ratings.csv", "movies.csv", "links.csv", "tags.csv"]
        for n in names:
            shutil.copy(os.path.join(source, n), target)
        victim = os.path.join(target, rng.choice(names))
        data = bytearray(open(victim, "rb").read())
        mutation = rng.choice(["truncate", "flip", "nan", "rating", "quote", "longline", "crlf", "empty", "header"])
        at = rng.randrange(max(1, len(data)))
        if mutation == "truncate": data = data[:at]
        elif mutation == "flip":
            for _ in range(rng.randint(1, 50)): data[rng.randrange(len(data))] = rng.randrange(256)
        elif mutation == "nan": data[at:at] = rng.choice([b",nan", b"\tnan", b",inf", b",1e300", b",-0"])
        elif mutation == "rating": data[at:at] = rng.choice([b"\n1,1,7.0,1\n", b"\n1\t1\t9\t1\n", b"\n1,1,-2,1\n"])
        elif mutation == "quote": data[at:at] = b'"'
        elif mutation == "longline": data[at:at] = b"A" * (2 << 20)
        elif mutation == "crlf": data = data.replace(b"\n", b"\r\n")
        elif mutation == "empty": data = bytearray()
        elif mutation == "header": data = data[data.find(b"\n") + 1:]
        open(victim, "wb").write(bytes(data))
        script = f"load sandbox/broken\nload sandbox/broken strict=no\ninfo\ntrain knn\nsimilar ml:1\nload sandbox/broken/{os.path.basename(victim)} strict=no\n"
        self.run("datasets", root, script)

    def artifacts(self, rng):
        root = self.sandbox()
        model = rng.choice(["knn", "popular", "svd", "als"])
        prepare = f"load ml-100k\ntrain {model}\nexport sandbox/v1\nquit\n"
        self.run("artifacts", root, prepare)
        root = self.sandbox() if not os.path.isdir(root) else root
        folder = os.path.join(root, "sandbox", "v1")
        if not os.path.isdir(folder):
            os.makedirs(os.path.join(root, "sandbox"), exist_ok=True)
            self.run("artifacts", root, prepare)
        manifest_path = os.path.join(folder, "manifest.json")
        if not os.path.isfile(manifest_path):
            return
        manifest = json.load(open(manifest_path))
        npys = sorted(n for n in manifest["files"] if n.endswith(".npy"))
        victim = os.path.join(folder, rng.choice(npys))
        data = bytearray(open(victim, "rb").read())
        header = 128
        if len(data) > header + 4:
            for _ in range(rng.randint(1, 8)):
                at = header + 4 * rng.randrange((len(data) - header) // 4)
                data[at:at + 4] = rng.choice([struct.pack("<i", 2_000_000_000), struct.pack("<i", -7), struct.pack("<f", float("nan")),
                                              struct.pack("<f", float("inf")), bytes(rng.randrange(256) for _ in range(4))])
        open(victim, "wb").write(bytes(data))
        manifest["files"] = {n: hashlib.sha256(open(os.path.join(folder, n), "rb").read()).hexdigest() for n in manifest["files"]}
        if rng.random() < 0.2: manifest["blend_weight"] = rng.choice([2.5, -1, float("nan")])
        if rng.random() < 0.1: manifest["files"]["../../etc/hostname"] = "00"
        json.dump(manifest, open(manifest_path, "w"))
        self.run("artifacts", root, "load artifacts sandbox/v1\nmodels\nrecommend user=1\nsimilar ml:1 by=" + model + "\n")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--recsh", default=".build/release/recsh")
    ap.add_argument("--data", default="../shared/datasets")
    ap.add_argument("--seconds", type=float, default=240)
    ap.add_argument("--seed", type=int, default=20261202)
    args = ap.parse_args()
    rng = random.Random(args.seed)
    runner = Runner(args)
    deadline = time.time() + args.seconds
    kinds = [runner.lines, runner.datasets, runner.artifacts]
    n = 0
    while time.time() < deadline:
        kinds[n % len(kinds)](rng)
        n += 1
    total = sum(runner.cases.values())
    print(f"fuzz: seed {args.seed}, {total} cases in {args.seconds:.0f} s "
          f"({runner.cases['lines']} scripts of 60 generated lines, {runner.cases['datasets']} broken datasets, "
          f"{runner.cases['artifacts']} tampered artifact runs): {runner.failures} failed")
    sys.exit(1 if runner.failures else 0)


if __name__ == "__main__":
    main()
