#!/usr/bin/env python3
"""Synthetic customers for rescreening benchmarks: `gen_customers.py N OUT.csv [LISTED_NAMES.txt]`.

Names are built from common first names, surnames and a middle initial (seeded, reproducible).
One customer in 2,000 takes a name from LISTED_NAMES (one per line, e.g. names of the list's
entries or of synthetic additions) so that runs raise a realistic trickle of alerts."""
import random
import sys

FIRST = ("James Mary John Patricia Robert Jennifer Michael Linda William Elizabeth David Barbara Richard Susan "
         "Joseph Jessica Thomas Sarah Charles Karen Mohammed Fatima Ahmed Aisha Wei Li Hiroshi Yuki Olga Ivan "
         "Sergei Anna Pierre Marie Hans Greta Carlos Lucia Jose Ana Raj Priya Kwame Ama Chen Mei Omar Leila "
         "Giovanni Sofia Lars Ingrid Pedro Camila Ali Zainab Dmitri Natalia Kenji Sakura Emeka Ngozi").split()
LAST = ("Smith Johnson Williams Brown Jones Garcia Miller Davis Rodriguez Martinez Hernandez Lopez Gonzalez "
        "Wilson Anderson Thomas Taylor Moore Jackson Martin Lee Perez Thompson White Harris Sanchez Clark "
        "Ramirez Lewis Robinson Walker Young Allen King Wright Scott Torres Nguyen Hill Flores Green Adams "
        "Nelson Baker Hall Rivera Campbell Mitchell Carter Roberts Mueller Schmidt Schneider Fischer Weber "
        "Ivanov Smirnov Kuznetsov Popov Wang Zhang Liu Chen Yang Tanaka Suzuki Sato Kim Park Choi Singh Kumar "
        "Sharma Patel Okafor Mensah Haddad Khalil Rossi Russo Ferrari Silva Santos Oliveira Novak Kowalski").split()
COUNTRIES = ["US", "GB", "DE", "FR", "RU", "CN", "IN", "BR", "NG", "AE", "", "", ""]


def main():
    n, out = int(sys.argv[1]), sys.argv[2]
    listed = []
    if len(sys.argv) > 3:
        with open(sys.argv[3], encoding="utf-8") as f:
            listed = [line.strip() for line in f if line.strip()]
    rng = random.Random(20240503)
    with open(out, "w", encoding="utf-8") as f:
        f.write("id,name,type,country\n")
        for i in range(n):
            if listed and i % 2000 == 1999:
                name = rng.choice(listed)
            else:
                name = f"{rng.choice(FIRST)} {chr(65 + rng.randrange(26))}. {rng.choice(LAST)}"
            name = name.replace('"', '""')
            f.write(f'C{i:07d},"{name}",person,{rng.choice(COUNTRIES)}\n')


if __name__ == "__main__":
    main()
