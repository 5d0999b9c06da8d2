"""Writes the generated benchmark inputs into a folder: 1,000 scenario files for `validate`,
an `expect` of 100,000 expected messages, and the one-million-message load."""
import os
import sys

out = sys.argv[1]
seed = sys.argv[2]
os.makedirs(f"{out}/many", exist_ok=True)
sources = sorted(f for f in os.listdir(seed) if f.endswith(".yaml"))
for i in range(1000):
    name = sources[i % len(sources)]
    text = open(os.path.join(seed, name)).read().replace("../../schema", "../../../schema")
    open(f"{out}/many/{i:04d}_{name}", "w").write(text)

n = 100_000
with open(f"{out}/expect_100k.yaml", "w") as f:
    f.write("suite: Match\ntopics: [{ name: many, partitions: 4 }]\nscenarios:\n  - name: one hundred thousand expected messages\n")
    f.write("    timeout: 120s\n    steps:\n")
    f.write(f"      - produce: {{ topic: many, count: {n}, key: \"k{{{{ index }}}}\", value: {{ seq: \"{{{{ index }}}}\" }} }}\n")
    f.write("      - expect:\n          topic: many\n          within: 100s\n          messages:\n")
    for i in reversed(range(n)):  # any order: the last produced is expected first
        f.write(f"            - {{ key: k{i}, value: {{ seq: {i} }} }}\n")

with open(f"{out}/load_1m.yaml", "w") as f:
    f.write("""suite: Load
topics: [{ name: bench_load, partitions: 4 }]
scenarios:
  - name: one million messages of 100 bytes
    timeout: 300s
    steps:
      - load: { topic: bench_load, messages: 1000000, size: 100, within: 280s, expect: { lost: 0, duplicates: 0 } }
""")

# One trivial scenario (produce one message, expect it), and 1,000 of them in 100 files of 10.
one = """  - name: one message {i}
    steps:
      - produce: {{ topic: small, key: k{i}, value: {{ n: {i} }} }}
      - expect: {{ topic: small, within: 5s, messages: [{{ key: k{i} }}] }}
"""
with open(f"{out}/one.yaml", "w") as f:
    f.write("suite: One\ntopics: [{ name: small }]\nscenarios:\n" + one.format(i=0))
os.makedirs(f"{out}/small", exist_ok=True)
for file in range(100):
    with open(f"{out}/small/{file:03d}.yaml", "w") as f:
        f.write(f"suite: Small {file}\ntopics: [{{ name: small }}]\nscenarios:\n")
        f.write("".join(one.format(i=i) for i in range(10)))
