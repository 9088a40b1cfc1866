"""Writes gold.csv and heldout.csv: the holder and the three stance labels of sentences of the documents in
docs/ (written for this set, modelled on KCNA and ministry statements, State Department
notes, wire copy and UN press releases; no third-party text). Each row's byte span is found
in its file here, so the labels below are the only hand-written part.

    python3 data/holders/gold.py    # from the repository root
"""

import csv
import os

HERE = os.path.dirname(os.path.abspath(__file__))

# file, kind, holder, engagement, sanctions, denuclearization, sentence (exactly as in the file)
ROWS = [
    ("kcna-fm-statement.txt", "statement", "PRK", "none", "against", "none",
     "The United States and its followers again rigged up a so-called “sanctions resolution” at the UN Security Council on March 2 — a wanton infringement upon the sovereignty of the Democratic People’s Republic of Korea."),
    ("kcna-fm-statement.txt", "statement", "PRK", "none", "against", "none",
     "The DPRK Foreign Ministry vehemently denounces and totally rejects the latest sanctions as a grave provocation against a sovereign state."),
    ("kcna-fm-statement.txt", "statement", "PRK", "none", "against", "none",
     "The U.S.-led sanctions are nothing but a product of the hostile policy aimed at stifling our system and people."),
    ("kcna-fm-statement.txt", "statement", "PRK", "none", "against", "none",
     "Sanctions have never worked on the DPRK, and they never will."),
    ("kcna-fm-statement.txt", "statement", "PRK", "none", "against", "against",
     "The spokesman said that no amount of sanctions and pressure will ever make the DPRK give up its self-defensive nuclear deterrent."),
    ("kcna-fm-statement.txt", "statement", "PRK", "none", "none", "against",
     "He stressed that the status of the DPRK as a nuclear weapons state is irreversible and not a subject of bargaining."),
    ("kcna-fm-statement.txt", "statement", "PRK", "against", "against", "none",
     "Dialogue with those who brandish a sanctions stick in one hand is meaningless."),
    ("kcna-fm-statement.txt", "statement", "PRK", "none", "none", "none",
     "The DPRK will take every necessary countermeasure to defend its sovereignty and the security of the Korean peninsula — the spokesman warned in conclusion."),
    ("kcna-dateline.txt", "statement", "PRK", "none", "against", "none",
     "Pyongyang, June 26 (KCNA) -- The U.S. and the puppet forces of south Korea are resorting to the “sanctions” racket more openly than ever before."),
    ("kcna-dateline.txt", "statement", "PRK", "none", "against", "none",
     "The sanctions imposed upon the DPRK are a crime against humanity that can never be justified."),
    ("kcna-dateline.txt", "statement", "PRK", "none", "against", "none",
     "The Korean people will never tolerate the illegal “sanctions” designed to bring down the ideology and system of the DPRK."),
    ("kcna-dateline.txt", "statement", "PRK", "none", "against", "none",
     "They must be lifted at once and unconditionally."),
    ("kcna-dateline.txt", "statement", "PRK", "none", "none", "against",
     "Such a reckless act of hostility only steels the resolve of the Korean people to bolster up the nuclear war deterrent."),
    ("kcna-dateline.txt", "statement", "PRK", "none", "none", "against",
     "Those talking about “denuclearization” had better stop daydreaming, as the nuclear weapons of the DPRK are a treasured sword protecting the country — never an item for negotiation."),
    ("kcna-dateline.txt", "statement", "PRK", "none", "against", "none",
     "The sanctions were also condemned by the DPRK Foreign Ministry in a statement on Tuesday as “the most vicious hostile act”."),
    ("kcna-dateline.txt", "statement", "PRK", "none", "against", "none",
     "According to the ministry, the U.S. must abandon its sanctions policy before any talk of dialogue."),
    ("kcna-dateline.txt", "statement", "PRK", "against", "against", "none",
     "It added that the DPRK has no intention of sitting down with the U.S. while the sanctions remain in force."),
    ("kcna-dateline.txt", "statement", "PRK", "none", "against", "none",
     "조선중앙통신 — the U.S. will pay dearly for the sanctions, the commentary warned."),
    ("mofa-statement.txt", "statement", "JPN", "none", "none", "none",
     "1. On 18 April, North Korea launched a ballistic missile toward the East Sea, in clear violation of the relevant UN Security Council resolutions."),
    ("mofa-statement.txt", "statement", "JPN", "none", "none", "none",
     "2. The Government of Japan strongly condemns the launch and has lodged a protest with North Korea through diplomatic channels in Beijing."),
    ("mofa-statement.txt", "statement", "JPN", "none", "favor", "none",
     "3. Japan will continue to cooperate closely with the United States and the Republic of Korea toward the full implementation of the Security Council’s sanctions resolutions."),
    ("mofa-statement.txt", "statement", "JPN", "none", "none", "favor",
     "4. We urge North Korea to comply with its obligations and to take concrete steps toward the complete denuclearization of the Korean Peninsula."),
    ("mofa-statement.txt", "statement", "JPN", "favor", "none", "none",
     "5. The door to dialogue with Pyongyang remains open, and Japan stands ready to hold talks at any level."),
    ("mofa-statement.txt", "statement", "JPN", "none", "favor", "favor",
     "6. Sanctions must be enforced until North Korea abandons its nuclear and missile programmes — in a complete, verifiable and irreversible manner."),
    ("state-media-note.txt", "article", "USA", "none", "none", "favor",
     "The Secretary reaffirmed the ironclad U.S. commitment to the complete denuclearization of the Korean Peninsula."),
    ("state-media-note.txt", "article", "USA", "none", "favor", "none",
     "He stressed the importance of fully implementing every UN Security Council sanctions resolution on the DPRK."),
    ("state-media-note.txt", "article", "KOR", "favor", "none", "none",
     "The South Korean foreign minister welcomed the United States’ offer of dialogue with Pyongyang without preconditions."),
    ("state-media-note.txt", "article", "USA", "favor", "none", "none",
     "The spokesman said the United States remains open to diplomacy with the DPRK at any time and at any place."),
    ("state-media-note.txt", "article", "USA", "none", "favor", "favor",
     "He added that sanctions will remain in force until North Korea takes concrete steps toward denuclearization."),
    ("state-media-note.txt", "article", "USA", "none", "none", "none",
     "According to the spokesman, Washington has no hostile intent toward the people of North Korea."),
    ("wire-seoul.txt", "article", "PRK", "none", "against", "against",
     "SEOUL, March 5 (Newswire) — North Korea on Thursday condemned a fresh round of United Nations sanctions as an “act of war” and vowed to press ahead with its nuclear programme."),
    ("wire-seoul.txt", "article", "PRK", "none", "against", "none",
     "The sanctions were denounced by the foreign ministry in Pyongyang as a “hostile act” aimed at the country’s collapse."),
    ("wire-seoul.txt", "article", "PRK", "none", "against", "none",
     "A spokesman for the ministry demanded that Washington lift all sanctions immediately."),
    ("wire-seoul.txt", "article", "PRK", "against", "none", "against",
     "He also ruled out any return to talks on denuclearization, calling them a “trap”."),
    ("wire-seoul.txt", "article", "KOR", "favor", "favor", "none",
     "South Korea’s foreign ministry, by contrast, welcomed the new sanctions and urged the North to return to dialogue."),
    ("wire-seoul.txt", "article", "KOR", "none", "favor", "none",
     "Seoul has long backed tougher enforcement of the measures against Pyongyang."),
    ("wire-seoul.txt", "article", "KOR", "favor", "none", "none",
     "According to a senior official in Seoul, the government remains open to talks with the North at any time."),
    ("wire-seoul.txt", "article", "USA", "favor", "none", "none",
     "The United States has repeatedly said it is ready for diplomacy without preconditions."),
    ("wire-seoul.txt", "article", "USA", "none", "favor", "none",
     "Washington also wants the sanctions enforced to the letter, a State Department spokesperson said on Wednesday."),
    ("wire-seoul.txt", "article", "CHN", "favor", "against", "none",
     "Beijing opposes unilateral sanctions, it said in a statement, and supports a resumption of the six-party talks."),
    ("un-press-release.txt", "article", "UN", "none", "favor", "none",
     "The Secretary-General welcomed the decision and called on all Member States to implement the sanctions measures fully and effectively."),
    ("un-press-release.txt", "article", "UN", "favor", "none", "none",
     "He also urged the Democratic People’s Republic of Korea to resume dialogue with the parties concerned."),
    ("un-press-release.txt", "article", "CHN", "favor", "none", "none",
     "The representative of China said sanctions should not be an end in themselves and that dialogue was the only way out."),
    ("un-press-release.txt", "article", "KOR", "none", "favor", "favor",
     "The delegate of the Republic of Korea stressed that pressure must be maintained until Pyongyang abandons its nuclear programmes."),
    ("un-press-release.txt", "article", "RUS", "none", "against", "none",
     "Speaking after the vote, the representative of the Russian Federation said that the sanctions regime had outlived its usefulness and should be reviewed."),
    ("un-press-release.txt", "article", "JPN", "none", "none", "favor",
     "The representative of Japan urged the Democratic People’s Republic of Korea to abandon all nuclear weapons in a complete, verifiable and irreversible manner."),
    ("un-press-release.txt", "article", "USA", "none", "favor", "none",
     "The Council’s decision was welcomed by the United States, whose delegate called for the strict enforcement of every measure."),
]


# Written and labelled after the holder rules were final, and scored once: a check the rules
# were not fitted to.
HELDOUT = [
    ("rok-mofa-statement.txt", "statement", "KOR", "none", "none", "none",
     "The Government of the Republic of Korea strongly condemns North Korea’s launch of a so-called “military reconnaissance satellite” this morning."),
    ("rok-mofa-statement.txt", "statement", "KOR", "none", "none", "none",
     "The launch is a flagrant violation of Security Council resolutions that prohibit any launch using ballistic missile technology."),
    ("rok-mofa-statement.txt", "statement", "KOR", "none", "favor", "none",
     "The Government will work with the international community to ensure that the sanctions regime is implemented thoroughly."),
    ("rok-mofa-statement.txt", "statement", "KOR", "none", "none", "favor",
     "North Korea must immediately cease its provocations and return to the path of denuclearization."),
    ("rok-mofa-statement.txt", "statement", "KOR", "favor", "none", "none",
     "Our Government’s offer of dialogue remains valid — the door is open for Pyongyang to come to the table."),
    ("rok-mofa-statement.txt", "statement", "KOR", "none", "none", "none",
     "The spokesperson added that Seoul would respond firmly, in close coordination with Washington and Tokyo, to any further provocation."),
    ("wire-beijing.txt", "article", "CHN", "none", "against", "none",
     "BEIJING, June 1 (Newswire) — China on Saturday urged restraint on the Korean peninsula and rejected calls by Washington for additional sanctions against North Korea."),
    ("wire-beijing.txt", "article", "CHN", "none", "against", "none",
     "“Sanctions cannot solve the problem,” foreign ministry spokeswoman Mao Ning told a regular briefing."),
    ("wire-beijing.txt", "article", "CHN", "favor", "none", "none",
     "She said Beijing supports a resumption of dialogue among all parties."),
    ("wire-beijing.txt", "article", "USA", "none", "favor", "none",
     "The U.S. ambassador to the United Nations, by contrast, said the Council must tighten the measures."),
    ("wire-beijing.txt", "article", "JPN", "none", "favor", "none",
     "Tighter sanctions were also sought by Japan, whose prime minister called the launch “unacceptable”."),
    ("wire-beijing.txt", "article", "RUS", "none", "against", "none",
     "According to Russia’s deputy foreign minister, new sanctions would only deepen the crisis."),
    ("wire-beijing.txt", "article", "PRK", "none", "none", "against",
     "The North’s state media said the satellite programme would continue and dismissed denuclearization as “an absurd dream”."),
    ("wire-beijing.txt", "article", "KOR", "favor", "none", "none",
     "South Korean officials said they remain open to talks with the North."),
]


def write(name, rows):
    out = os.path.join(HERE, name)
    with open(out, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["doc", "byte_start", "byte_end", "kind", "holder", "engagement", "sanctions",
                    "denuclearization", "text"])
        for file, kind, holder, eng, sanc, den, sentence in rows:
            data = open(os.path.join(HERE, "docs", file), "rb").read()
            needle = sentence.encode("utf-8")
            start = data.find(needle)
            assert start >= 0 and data.find(needle, start + 1) < 0, (file, sentence)
            w.writerow([f"docs/{file}", start, start + len(needle), kind, holder, eng, sanc, den, sentence])
    print(f"{len(rows)} rows -> {out}")


def main():
    write("gold.csv", ROWS)
    write("heldout.csv", HELDOUT)


if __name__ == "__main__":
    main()
