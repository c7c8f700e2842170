package scenario

// The tables of this file are written for this package from public
// descriptions of the systems, not from any other generator or library:
//
//   - family-name shares: Statistics Korea, 2015 Population and Housing
//     Census, surnames by population (the south; the north's shares are
//     reported to be close, with 리/림/류/로 for 이/임/유/노);
//   - Revised Romanization: Ministry of Culture and Tourism notice 2000-8;
//   - McCune–Reischauer: McCune and Reischauer, "The Romanization of the
//     Korean Language", Transactions of the Korea Branch of the Royal
//     Asiatic Society 29 (1939), with the intervocalic voicing rule;
//   - DPRK official romanisation (1992, revised 2002): MR without breves,
//     aspirates written kh, th, ph, ch and syllables of given names
//     written apart (Kim Jong Un);
//   - Russian: the Kontsevich system (Концевич, «Корейско-русская
//     практическая транскрипция», 2001) and the customary spellings of
//     Soviet Koreans (Ли, Цой, Тен, Тян, Тё, Шин);
//   - Ukrainian: the practical transcription in Ukrainian media (Рі, Чхве,
//     Кім, Пак), with і for и and е for э.

// family is one family name in each of the forms the lists use.
type family struct {
	north, south string  // Hangul as written in the north (리) and the south (이)
	share        float64 // percent of the population
	rr, mr       string  // Revised Romanization of the southern form; McCune–Reischauer
	dprk, cust   string  // DPRK official; customary southern spelling
	ruK, ruC, uk string  // Russian by Kontsevich, Russian customary, Ukrainian
}

// families are the family names with their shares; what is left of 100%
// is the long tail, spread over the last entries by tailFamilies.
var families = []family{
	{"김", "김", 21.5, "Gim", "Kim", "Kim", "Kim", "Ким", "Ким", "Кім"},
	{"리", "이", 14.7, "I", "Yi", "Ri", "Lee", "Ри", "Ли", "Рі"},
	{"박", "박", 8.4, "Bak", "Pak", "Pak", "Park", "Пак", "Пак", "Пак"},
	{"최", "최", 4.7, "Choe", "Ch'oe", "Choe", "Choi", "Чхве", "Цой", "Чхве"},
	{"정", "정", 4.3, "Jeong", "Chŏng", "Jong", "Jung", "Чон", "Тен", "Чон"},
	{"강", "강", 2.3, "Gang", "Kang", "Kang", "Kang", "Кан", "Кан", "Кан"},
	{"조", "조", 2.1, "Jo", "Cho", "Jo", "Cho", "Чо", "Тё", "Чо"},
	{"윤", "윤", 2.1, "Yun", "Yun", "Yun", "Yoon", "Юн", "Юн", "Юн"},
	{"장", "장", 2.0, "Jang", "Chang", "Jang", "Chang", "Чан", "Тян", "Чан"},
	{"림", "임", 1.7, "Im", "Im", "Rim", "Lim", "Рим", "Лим", "Рім"},
	{"한", "한", 1.5, "Han", "Han", "Han", "Han", "Хан", "Хан", "Хан"},
	{"오", "오", 1.5, "O", "O", "O", "Oh", "О", "О", "О"},
	{"서", "서", 1.5, "Seo", "Sŏ", "So", "Suh", "Со", "Со", "Со"},
	{"신", "신", 1.5, "Sin", "Sin", "Sin", "Shin", "Син", "Шин", "Сін"},
	{"권", "권", 1.4, "Gwon", "Kwŏn", "Kwon", "Kwon", "Квон", "Квон", "Квон"},
	{"황", "황", 1.4, "Hwang", "Hwang", "Hwang", "Hwang", "Хван", "Хван", "Хван"},
	{"안", "안", 1.4, "An", "An", "An", "Ahn", "Ан", "Ан", "Ан"},
	{"송", "송", 1.3, "Song", "Song", "Song", "Song", "Сон", "Сон", "Сон"},
	{"전", "전", 1.1, "Jeon", "Chŏn", "Jon", "Jun", "Чон", "Тён", "Чон"},
	{"홍", "홍", 1.1, "Hong", "Hong", "Hong", "Hong", "Хон", "Хон", "Хон"},
	{"류", "유", 1.1, "Yu", "Yu", "Ryu", "Yoo", "Рю", "Ю", "Рю"},
	{"고", "고", 0.9, "Go", "Ko", "Ko", "Koh", "Ко", "Ко", "Ко"},
	{"문", "문", 0.9, "Mun", "Mun", "Mun", "Moon", "Мун", "Мун", "Мун"},
	{"량", "양", 0.9, "Yang", "Yang", "Ryang", "Yang", "Рян", "Ян", "Рян"},
	{"손", "손", 0.9, "Son", "Son", "Son", "Sohn", "Сон", "Сон", "Сон"},
	{"배", "배", 0.8, "Bae", "Pae", "Pae", "Bae", "Пэ", "Пэ", "Пе"},
	{"백", "백", 0.7, "Baek", "Paek", "Paek", "Baek", "Пэк", "Пэк", "Пек"},
	{"허", "허", 0.6, "Heo", "Hŏ", "Ho", "Huh", "Хо", "Хо", "Хо"},
	{"남", "남", 0.5, "Nam", "Nam", "Nam", "Nam", "Нам", "Нам", "Нам"},
	{"심", "심", 0.5, "Sim", "Sim", "Sim", "Shim", "Сим", "Шим", "Сім"},
	{"로", "노", 0.5, "No", "No", "Ro", "Roh", "Ро", "Но", "Ро"},
	{"하", "하", 0.4, "Ha", "Ha", "Ha", "Ha", "Ха", "Ха", "Ха"},
	{"곽", "곽", 0.4, "Gwak", "Kwak", "Kwak", "Kwak", "Квак", "Квак", "Квак"},
	{"성", "성", 0.4, "Seong", "Sŏng", "Song", "Sung", "Сон", "Сон", "Сон"},
	{"주", "주", 0.45, "Ju", "Chu", "Ju", "Joo", "Чу", "Чу", "Чу"},
	{"우", "우", 0.4, "U", "U", "U", "Woo", "У", "У", "У"},
	{"구", "구", 0.4, "Gu", "Ku", "Ku", "Koo", "Ку", "Ку", "Ку"},
	{"차", "차", 0.35, "Cha", "Ch'a", "Cha", "Cha", "Чха", "Ча", "Чха"},
	{"민", "민", 0.35, "Min", "Min", "Min", "Min", "Мин", "Мин", "Мін"},
	{"방", "방", 0.3, "Bang", "Pang", "Pang", "Bang", "Пан", "Пан", "Пан"},
	{"천", "천", 0.25, "Cheon", "Ch'ŏn", "Chon", "Chun", "Чхон", "Чон", "Чхон"},
	{"변", "변", 0.25, "Byeon", "Pyŏn", "Pyon", "Byun", "Пён", "Пён", "Пьон"},
	{"공", "공", 0.2, "Gong", "Kong", "Kong", "Kong", "Кон", "Кон", "Кон"},
	{"현", "현", 0.2, "Hyeon", "Hyŏn", "Hyon", "Hyun", "Хён", "Хён", "Хьон"},
	{"함", "함", 0.15, "Ham", "Ham", "Ham", "Hahm", "Хам", "Хам", "Хам"},
	{"염", "염", 0.15, "Yeom", "Yŏm", "Yom", "Yum", "Ём", "Ём", "Йом"},
	{"여", "여", 0.1, "Yeo", "Yŏ", "Yo", "Yeo", "Ё", "Ё", "Йо"},
	{"추", "추", 0.1, "Chu", "Ch'u", "Chu", "Choo", "Чху", "Чху", "Чху"},
	{"길", "길", 0.08, "Gil", "Kil", "Kil", "Kil", "Киль", "Киль", "Кіль"},
	{"마", "마", 0.08, "Ma", "Ma", "Ma", "Ma", "Ма", "Ма", "Ма"},
	{"탁", "탁", 0.05, "Tak", "T'ak", "Thak", "Tak", "Тхак", "Так", "Тхак"},
	{"명", "명", 0.05, "Myeong", "Myŏng", "Myong", "Myung", "Мён", "Мён", "Мьон"},
	{"표", "표", 0.05, "Pyo", "P'yo", "Phyo", "Pyo", "Пхё", "Пхё", "Пхьо"},
	{"계", "계", 0.03, "Gye", "Kye", "Kye", "Kye", "Ке", "Ке", "Ке"},
	{"태", "태", 0.02, "Tae", "T'ae", "Thae", "Tae", "Тхэ", "Тхэ", "Тхе"},
}

// tailFamilies is how many of the last families share the long tail (the
// percent that the named shares leave).
const tailFamilies = 15

// syllable is one syllable of given names in each form. Weights say how
// often it stands first (w1) and second (w2) in a two-syllable name, before
// the concentration exponent is applied; a weight of 0 keeps it out of
// that place.
type syllable struct {
	north, south string
	rr, mr       string
	dprk, cust   string
	ru, uk       string
	w1, w2       float64
}

var syllables = []syllable{
	{"철", "철", "cheol", "ch'ŏl", "chol", "chul", "чхоль", "чхоль", 6, 9},
	{"민", "민", "min", "min", "min", "min", "мин", "мін", 2, 8},
	{"성", "성", "seong", "sŏng", "song", "sung", "сон", "сон", 7, 6},
	{"영", "영", "yeong", "yŏng", "yong", "young", "ён", "йон", 6, 4},
	{"남", "남", "nam", "nam", "nam", "nam", "нам", "нам", 4, 3},
	{"일", "일", "il", "il", "il", "il", "иль", "іль", 2, 7},
	{"호", "호", "ho", "ho", "ho", "ho", "хо", "хо", 3, 7},
	{"진", "진", "jin", "chin", "jin", "jin", "чин", "чін", 4, 5},
	{"광", "광", "gwang", "kwang", "kwang", "kwang", "кван", "кван", 6, 3},
	{"명", "명", "myeong", "myŏng", "myong", "myung", "мён", "мьон", 6, 4},
	{"혁", "혁", "hyeok", "hyŏk", "hyok", "hyuk", "хёк", "хьок", 1, 6},
	{"학", "학", "hak", "hak", "hak", "hak", "хак", "хак", 3, 3},
	{"수", "수", "su", "su", "su", "soo", "су", "су", 2, 6},
	{"준", "준", "jun", "chun", "jun", "joon", "чун", "чун", 3, 4},
	{"국", "국", "guk", "kuk", "kuk", "kook", "кук", "кук", 3, 3},
	{"용", "용", "yong", "yong", "yong", "yong", "ён", "йон", 4, 3},
	{"룡", "용", "yong", "ryong", "ryong", "yong", "рён", "рьон", 3, 5},
	{"현", "현", "hyeon", "hyŏn", "hyon", "hyun", "хён", "хьон", 2, 4},
	{"석", "석", "seok", "sŏk", "sok", "suk", "сок", "сок", 2, 4},
	{"훈", "훈", "hun", "hun", "hun", "hoon", "хун", "хун", 1, 4},
	{"길", "길", "gil", "kil", "kil", "gil", "киль", "кіль", 2, 2},
	{"복", "복", "bok", "pok", "pok", "bok", "пок", "пок", 2, 1},
	{"식", "식", "sik", "sik", "sik", "shik", "сик", "сік", 1, 3},
	{"동", "동", "dong", "tong", "tong", "dong", "тон", "тон", 3, 2},
	{"정", "정", "jeong", "chŏng", "jong", "jung", "чон", "чон", 4, 2},
	{"은", "은", "eun", "ŭn", "un", "eun", "ын", "ин", 3, 1},
	{"기", "기", "gi", "ki", "ki", "ki", "ки", "кі", 2, 2},
	{"대", "대", "dae", "tae", "tae", "dae", "тэ", "те", 2, 1},
	{"원", "원", "won", "wŏn", "won", "won", "вон", "вон", 1, 3},
	{"순", "순", "sun", "sun", "sun", "soon", "сун", "сун", 1, 1},
	{"충", "충", "chung", "ch'ung", "chung", "chung", "чхун", "чхун", 2, 1},
	{"경", "경", "gyeong", "kyŏng", "kyong", "kyung", "кён", "кьон", 2, 2},
	{"택", "택", "taek", "t'aek", "thaek", "taek", "тхэк", "тхек", 1, 2},
	{"만", "만", "man", "man", "man", "man", "ман", "ман", 1, 2},
	{"림", "임", "im", "rim", "rim", "lim", "рим", "рім", 0, 1},
	{"련", "연", "yeon", "ryŏn", "ryon", "yeon", "рён", "рьон", 1, 1},
	{"주", "주", "ju", "chu", "ju", "joo", "чу", "чу", 2, 2},
	{"우", "우", "u", "u", "u", "woo", "у", "у", 1, 2},
	{"봉", "봉", "bong", "pong", "pong", "bong", "пон", "пон", 1, 1},
	{"옥", "옥", "ok", "ok", "ok", "ok", "ок", "ок", 1, 0},
	{"선", "선", "seon", "sŏn", "son", "sun", "сон", "сон", 1, 1},
	{"창", "창", "chang", "ch'ang", "chang", "chang", "чхан", "чхан", 2, 1},
	{"흥", "흥", "heung", "hŭng", "hung", "heung", "хын", "хин", 0, 1},
	{"금", "금", "geum", "kŭm", "kum", "keum", "кым", "ким", 1, 1},
	{"송", "송", "song", "song", "song", "song", "сон", "сон", 1, 1},
	{"평", "평", "pyeong", "p'yŏng", "phyong", "pyung", "пхён", "пхьон", 1, 0},
	{"의", "의", "ui", "ŭi", "ui", "eui", "ый", "ий", 1, 0},
	{"세", "세", "se", "se", "se", "se", "се", "се", 1, 1},
	{"향", "향", "hyang", "hyang", "hyang", "hyang", "хян", "хьян", 0, 1},
	{"혜", "혜", "hye", "hye", "hye", "hye", "хе", "хє", 0, 1},
}
