"""Reference token ids and embeddings from sentence-transformers, for recsh's MiniLM parity test.

Writes Tests/RecshEmbedTests/Fixtures/minilm-reference.json: for each text its token ids (the
model's own tokenizer, max length 256) and its normalised embedding (384 floats). Set-up only:
  python3 -m venv .build/st-venv
  .build/st-venv/bin/pip install 'torch==2.13.0+cpu' sentence-transformers
  .build/st-venv/bin/python Scripts/minilm_reference.py Data/all-MiniLM-L6-v2
"""
import json
import sys

from sentence_transformers import SentenceTransformer

folder = sys.argv[1]
out = sys.argv[2] if len(sys.argv) > 2 else "Tests/RecshEmbedTests/Fixtures/minilm-reference.json"
model = SentenceTransformer(folder, device="cpu")
assert model.max_seq_length == 256, model.max_seq_length
overview = (
    "When an unexpected enemy emerges and threatens global safety and security, Nick Fury, director of the "
    "international peacekeeping agency known as S.H.I.E.L.D., finds himself in need of a team to pull the world "
    "back from the brink of disaster. Spanning the globe, a daring recruitment effort begins! "
)
texts = [
    "Toy Story",
    "A cowboy doll is profoundly threatened and jealous when a new spaceman figure supplants him as top toy.",
    "Amélie Poulain, une jeune femme timide, décide de changer la vie des gens qui l'entourent.",
    "Le Fabuleux Destin d'Amélie Poulain (2001)",
    "Crème brûlée, naïve café, façade, Ærøskøbing, Ångström",
    "Wait... what?!?! No way!!! (seriously) -- really??",
    "I love this movie 😍🍿🎬 so much!!!",
    "東京物語 Tokyo Story (1953) 小津安二郎",
    "Schindler's List; Ocean's Eleven; Monsters, Inc.",
    "tab\tseparated\nnew lines\r\nand   spaces",
    "supercalifragilisticexpialidocious antidisestablishmentarianism",
    "Heat: Action|Crime|Thriller. Cast: Al Pacino, Robert De Niro. Director: Michael Mann.",
    "something scary from the 90s",
    "un film qui fait peur des années 80",
    "movies about time travel paradoxes",
    "ЛЮБОВЬ И ГОЛУБИ — советская комедия",
    "e-mail: someone@example.com, http://www.example.org/path?q=1&x=2",
    "3.14159 $100 50% #1 @home ~tilde^caret",
    "a",
    "",
    overview * 12,
    ("word " * 400).strip(),
    "The Matrix Reloaded Revolutions Resurrections " * 30,
    "Ça va? Où est la bibliothèque? Très bien, merci!",
]
tok = model.tokenizer
ids = [tok(t, truncation=True, max_length=256)["input_ids"] for t in texts]
emb = model.encode(texts, batch_size=8, normalize_embeddings=True, convert_to_numpy=True)
with open(out, "w") as f:
    json.dump({"model": "sentence-transformers/all-MiniLM-L6-v2", "max_length": 256,
               "texts": [{"text": t, "ids": i, "embedding": [round(float(x), 8) for x in e]}
                         for t, i, e in zip(texts, ids, emb)]}, f, ensure_ascii=False)
print(f"wrote {out}: {len(texts)} texts, longest {max(map(len, ids))} tokens")
