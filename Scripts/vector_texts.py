"""Film texts for the vector-search benchmark: the 25M shape's 59,047 films, from every real text
the shared datasets hold (MovieLens titles and genres, TMDB overviews, taglines and keyword lists), distinct,
in a fixed order. Prints one text per line.

    python3 Scripts/vector_texts.py ../shared/datasets 59047 > texts.txt
"""
import ast
import csv
import sys

root, want = sys.argv[1], int(sys.argv[2])
texts, seen = [], set()


def add(text):
    text = " ".join(text.split())
    if text and text not in seen:
        seen.add(text)
        texts.append(text)


for r in csv.DictReader(open(f"{root}/ml-latest-small/movies.csv", encoding="utf-8")):
    add(f"{r['title']}. Genres: {r['genres'].replace('|', ', ')}.")
for name, title in (("tmdb_5000_movies.csv", "title"), ("tmdb-movies.csv", "original_title")):
    for r in csv.DictReader(open(f"{root}/tmdb/{name}", encoding="utf-8", newline="")):
        if r.get("overview"):
            add(f"{r[title]}. {r['overview']}")
        if r.get("tagline"):
            add(f"{r[title]}: {r['tagline']}")
for line in open(f"{root}/ml-1m/movies.dat", encoding="latin-1"):
    parts = line.rstrip("\n").split("::")
    if len(parts) == 3:
        add(f"{parts[1]}. Genres: {parts[2].replace('|', ', ')}.")
for r in csv.DictReader(open(f"{root}/tmdb/keywords.csv", encoding="utf-8", newline="")):
    names = [k["name"] for k in ast.literal_eval(r["keywords"] or "[]")]
    if names:
        add("Keywords: " + ", ".join(names[:12]) + ".")
if len(texts) < want:
    sys.exit(f"only {len(texts)} distinct texts in {root}; asked for {want}")
print("\n".join(texts[:want]))
