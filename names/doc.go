// Package names normalises and compares personal names and place names
// written in Hangul, Cyrillic and Latin letters.
//
// The same Korean soldier may be 리철수 in a state newspaper, Ли Чхольсу in a
// captured Russian document, Ri Chol Su in a Ukrainian release and Lee
// Cheol-su or Lee Chul-soo in a South Korean paper. No one spelling is
// right, so names are not compared by guessing a spelling: every form is
// mapped to a coarse phonological key and two names agree when their keys
// meet.
//
// # Normalising
//
// [Normalize] applies Unicode NFKC, folds case, strips Latin diacritics and
// the apostrophes of McCune–Reischauer aspiration (Ch'ŏl, Chʼŏl, Ch’ŏl all
// become chol) and turns hyphens and other punctuation into single spaces.
// [Compact] also removes the spaces, so that Chol-su, Cholsu and Chol Su
// agree. [DetectScript] tells Hangul, Cyrillic, Latin and mixed text apart.
//
// # Korean names
//
// [Decompose] splits a Hangul syllable into its jamo. [Romanize] and
// [RomanizeName] write Hangul in the Revised Romanization of Korean (2000),
// McCune–Reischauer (1939) with and without diacritics, the DPRK official
// system as KCNA practises it, customary South Korean spellings, and the
// Kontsevich system for Russian Cyrillic. [Surnames] is a curated table of
// the common Korean family names with their frequencies and spellings in
// Latin, Russian and Ukrainian letters.
//
// [KoreanKeys] is the reverse problem. A key is a sequence of syllables;
// each syllable is an onset class, a vowel class and a coda class:
//
//	onset  K (ㄱㄲㅋ) T (ㄷㄸㅌ) P (ㅂㅃㅍ) C (ㅈㅉㅊ) S (ㅅㅆ) H (ㅎ) M (ㅁ)
//	       N (ㄴ ㄹ) and none (ㅇ); ㄴ, ㄹ and ㅇ are all dropped before
//	       i and y vowels, the initial-sound rule (두음법칙) that makes
//	       리 = 이 = Ri = Lee = Yi.
//	vowel  a (ㅏ) e (ㅐㅔㅒㅖ) o (ㅓㅗㅜㅡ) i (ㅣㅢ) ya (ㅑ) yo (ㅕㅛㅠ)
//	       wa (ㅘ) we (ㅙㅚㅞ) wo (ㅝ) wi (ㅟ)
//	coda   K T P N L M and G for ㅇ (ng)
//
// Aspirated, plain and tense consonants are merged because romanisations
// blur them (Kim, Gim, Kkim); ŏ/eo/o/u and ŭ/eu/u are merged because
// customary spellings use u for ㅓ (Jung, Sung, Chul). Hangul has exactly one
// key. Latin and Cyrillic text is segmented into Korean syllables in every
// way the inventory allows (Jongil is jong-il or jon-gil), so it may have a
// few keys; a name agrees with another when their key sets intersect.
//
// # Russian and Ukrainian names and places
//
// [Transliterate] writes Cyrillic in Latin letters by BGN/PCGN, GOST 7.79
// system B, ISO 9 or the Ukrainian national system of 2010. [PhoneticKey]
// is a coarse consonant skeleton on which the variants meet: Свердликово,
// Свердликове, Sverdlikovo and Sverdlykove all have the key SVRDLKV.
//
// # Comparing names
//
// [Parse] splits a full name into family and given names (Korean family
// name first, swapped orders such as "Cheol-su Lee", an upper-case family
// name anywhere ("Ryong Chol KIM"), initials before or after the family
// name ("R. C. Kim", "Kim R.C."), Russian "Фамилия Имя Отчество" and
// "Имя Фамилия"). [Prepare] computes the normalised forms, keys and
// hashes of a [Name] once; [PrepareFull] also keeps the other reading of
// a full name of three words or more ("Won Tong Jong" as Won + Tong Jong
// as well as Jong + Won Tong). [Profile.CompareWith] then compares two
// prepared names without allocating and says which rule matched, part by
// part, on the scale
//
//	missing < different < initial < close < phonetic < key < exact
//
// which record linkage uses as it is (phonetic counted as key). It is
// the one name comparator of reckon: package linkage calls it for every
// candidate pair.
//
//   - exact: equal after [Compact] (Chol-su, Cholsu, Chol Su).
//   - key: the Korean keys meet (Ri, Lee, Rhee, Yi, I, Ли, Рі, 리, 이).
//     Ukrainian Cyrillic is read with і for ㅣ and и for ㅡ when the name
//     has a letter only Ukrainian uses (Кім Ин Чхоль), else as Russian.
//   - phonetic: the phonetic keys of names that do not read as Korean
//     agree (Иванов, Ivanov).
//   - close: a near miss. Jaro–Winkler of the Latin forms at least
//     Options.Close (0.9); or, when it is at least 0.7, two Korean keys at
//     Jaro–Winkler 0.9 or one edit apart, or the loose keys at 0.9 when a
//     typo broke the reading of one side; or a given name cut after a
//     whole syllable (Myong for Myongsu: consistent with the full name,
//     but also with Myongchol, so it weighs less than a key); or a typo in
//     a one-syllable family name (loose keys one edit apart, Gnm and Gim),
//     unless both are known surnames: two known surnames whose keys do not
//     meet are different (Ri and Rim, Kim and Kam).
//   - initial: one side is initials ("R. C.") whose sound classes agree
//     with the first syllables of the other (the first, and the second
//     when both have two). The classes are those of the key's onsets, and
//     R, L and N also stand for no sound (the initial-sound rule: R. for
//     Yong-chol). Identical initials agree at initial too, not exact: they
//     say little about a person.
//   - different: otherwise.
//
// A name is also compared crosswise (one's family name with the other's
// given name) when both have both parts and the straight reading is weak;
// the crosswise reading is kept when it scores more than 0.1 better.
// [JaroWinkler] is the string similarity used for near misses.
//
// Everything in this package is a pure function of its arguments.
package names
