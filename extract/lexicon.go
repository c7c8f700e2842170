package extract

import "github.com/reckonhq/reckon"

// This file holds the word lists the rules consult. Every entry is a
// general English word or phrase; none is specific to an event.

func set(words ...string) map[string]bool {
	m := make(map[string]bool, len(words))
	for _, w := range words {
		m[w] = true
	}
	return m
}

// Spelled-out numbers.
var (
	unitWords = map[string]int64{
		"zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
		"seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
		"thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16,
		"seventeen": 17, "eighteen": 18, "nineteen": 19,
	}
	tensWords = map[string]int64{
		"twenty": 20, "thirty": 30, "forty": 40, "fourty": 40, "fifty": 50,
		"sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90,
	}
	// scaleWords multiply what comes before them.
	scaleWords = map[string]float64{
		"hundred": 100, "thousand": 1e3, "million": 1e6, "billion": 1e9,
		"trillion": 1e12, "lakh": 1e5, "lakhs": 1e5, "crore": 1e7, "crores": 1e7,
		"dozen": 12,
	}
	// suffixScales are letters written against digits: 300k, 2.5m, 3bn.
	suffixScales = map[string]float64{
		"k": 1e3, "m": 1e6, "mn": 1e6, "mln": 1e6, "bn": 1e9, "b": 1e9,
	}
)

// vague is a row of the guide's table of vague quantities (§5).
type vague struct {
	lo, hi int64
	key    string
}

var (
	// vagueMult are quantity words that can take a singular scale word
	// ("several hundred", "a few thousand"); the scale multiplies both ends.
	// few, couple and handful need a leading "a".
	vagueMult = map[string]vague{
		"several": {3, 9, "several"},
		"few":     {2, 5, "a few"},
		"couple":  {2, 3, "a couple"},
		"handful": {2, 5, "a handful"},
	}
	// vaguePlural are plural quantity words; "of" plus a plural scale word
	// multiplies them as whole orders ("tens of thousands").
	vaguePlural = map[string]vague{
		"dozens":    {24, 99, "dozens"},
		"scores":    {40, 199, "scores"},
		"tens":      {20, 99, "tens"},
		"hundreds":  {200, 999, "hundreds"},
		"thousands": {2000, 9999, "thousands"},
		"millions":  {2000000, 9999999, "millions"},
		"billions":  {2000000000, 9999999999, "billions"},
	}
	pluralScale = map[string]int64{"hundreds": 100, "thousands": 1000, "millions": 1000000, "billions": 1000000000}
)

// numberishWords are words that can start or make a figure; a sentence
// without digits and without any of these holds no figure.
var numberishWords = func() map[string]bool {
	m := map[string]bool{"twice": true, "half": true}
	for w := range unitWords {
		m[w] = true
	}
	for w := range tensWords {
		m[w] = true
	}
	for w := range scaleWords {
		m[w] = true
	}
	for w := range vagueMult {
		m[w] = true
	}
	for w := range vaguePlural {
		m[w] = true
	}
	return m
}()

// Months and weekdays.
var (
	monthWords = set("january", "february", "march", "april", "may", "june", "july",
		"august", "september", "october", "november", "december",
		"jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec")
	weekdayWords = set("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
)

// Units that make a number a distractor when they follow it.
var (
	timeUnits = set("second", "seconds", "minute", "minutes", "min", "mins", "hour", "hours", "hr", "hrs",
		"day", "days", "night", "nights", "week", "weeks", "weekend", "weekends", "fortnight", "fortnights",
		"month", "months", "year", "years", "yr", "yrs", "decade", "decades", "century", "centuries",
		"millennium", "millennia")
	// durationAdjectives may stand between a number and its time unit.
	durationAdjectives = set("consecutive", "straight", "long", "full", "whole", "successive",
		"more", "additional", "further", "extra", "previous", "past", "next", "last", "first",
		"intense", "tense", "brutal", "bloody", "heavy", "days'", "hard", "difficult")
	measureUnits = set("km", "kms", "kilometer", "kilometers", "kilometre", "kilometres",
		"mi", "mile", "miles", "m", "meter", "meters", "metre", "metres", "cm", "mm",
		"centimeter", "centimeters", "centimetre", "centimetres", "millimeter", "millimeters", "millimetre", "millimetres",
		"ft", "foot", "feet", "inch", "inches", "yard", "yards", "nautical",
		"sq", "square", "acre", "acres", "hectare", "hectares", "ha",
		"ton", "tons", "tonne", "tonnes", "kg", "kgs", "kilo", "kilos", "kilogram", "kilograms",
		"gram", "grams", "lb", "lbs", "ounce", "ounces", "oz",
		"liter", "liters", "litre", "litres", "gallon", "gallons", "barrel", "barrels", "bpd",
		"mph", "kph", "kmh", "knot", "knots", "kt", "degree", "degrees", "celsius", "fahrenheit",
		"magnitude", "richter", "mw", "megawatt", "megawatts", "gw", "gigawatt", "gigawatts", "kw", "kwh", "watts",
		"volt", "volts", "storey", "storeys", "story", "stories", "floor", "floors", "calibre", "caliber",
		"kiloton", "kilotons", "megaton", "megatons", "decibels", "db", "psi", "hpa", "millibars", "mb", "gb", "tb",
		"bytes", "pixels", "percentile", "lane", "lanes", "bed", "seater", "mm-calibre")
	currencyWords = set("dollar", "dollars", "euro", "euros", "pound", "pounds", "sterling", "yuan", "renminbi",
		"yen", "rupee", "rupees", "rouble", "roubles", "ruble", "rubles", "hryvnia", "hryvnias", "hryvnas",
		"shekel", "shekels", "franc", "francs", "dinar", "dinars", "riyal", "riyals", "rial", "rials",
		"dirham", "dirhams", "peso", "pesos", "naira", "rand", "won", "lira", "liras", "lire", "cent", "cents",
		"kyat", "kyats", "birr", "taka", "baht", "ringgit", "rupiah", "usd", "eur", "gbp", "jpy", "cny", "inr",
		"rub", "uah", "ils", "chf", "aud", "cad", "bucks", "afghanis", "lev", "leva", "zloty", "kwacha", "shillings")
	currencyCodes = set("usd", "eur", "gbp", "jpy", "cny", "inr", "rub", "uah", "ils", "chf", "aud", "cad", "us", "rs", "inr", "sdg", "ngn")
	percentWords  = set("percent", "pct", "percentage", "pc", "per-cent")
	// unitNameBefore are nouns that make a following number a name or a
	// label ("Resolution 2334", "Flight 17", "giro number 7447").
	unitNameBefore = set("article", "articles", "resolution", "route", "highway", "flight", "unit", "block", "phase",
		"level", "gate", "building", "camp", "section", "chapter", "room", "no", "nos", "number", "numbers",
		"brigade", "division", "regiment", "battalion", "corps", "squadron", "fleet", "platoon", "terminal",
		"platform", "ward", "sector", "zone", "station", "street", "avenue", "page", "pages", "pp", "p", "vol",
		"volume", "episode", "season", "part", "act", "law", "decree", "bill", "item", "table", "figure", "fig",
		"appendix", "annex", "grade", "class", "category", "cat", "model", "mark", "mk", "type", "version",
		"tier", "stage", "step", "round", "match", "lot", "plot", "precinct", "channel", "code", "account",
		"giro", "iban", "tel", "phone", "telephone", "hotline", "fax", "dial", "call", "box", "zip", "postcode",
		"pin", "id", "extension", "ext", "sms", "line", "bus", "train", "tram", "runway", "pier", "dock",
		"berth", "hangar", "bay", "cell", "apollo", "boeing", "airbus", "paragraph", "clause", "verse",
		"district", "hall", "lane", "kilometer", "kilometre", "km", "mile", "exit", "junction", "checkpoint",
		"post", "hill", "height", "heights", "point", "sub", "hq", "covid", "sars", "mig", "su", "tu", "il", "f", "t",
		"operation", "mission", "group", "task", "force", "cohort", "wave", "session", "summit", "conference",
		"formula", "windows", "iphone", "galaxy", "pixel", "bloc", "g", "p5", "e3",
		// counters of page furniture: "Share 124", "Comments 56"
		"share", "shares", "comments", "likes", "views", "retweets", "reposts", "reactions")
	ordinalSuffixes = set("st", "nd", "rd", "th")
)

// Words that are not part of a noun phrase: they end a phrase when read
// left to right.
var functionWords = set("the", "a", "an", "of", "in", "on", "at", "by", "for", "from", "with", "to", "into",
	"onto", "during", "since", "after", "before", "and", "or", "but", "nor", "while", "whilst", "who", "whom",
	"whose", "which", "that", "were", "was", "are", "is", "be", "been", "being", "have", "has", "had",
	"will", "would", "could", "can", "may", "might", "must", "shall", "should", "as", "than", "per",
	"across", "near", "including", "among", "amongst", "amid", "following", "this", "these", "those",
	"their", "his", "her", "its", "our", "my", "your", "it", "they", "he", "she", "we", "i", "you",
	"said", "say", "says", "according", "when", "where", "if", "because", "although", "though", "so",
	"out", "up", "down", "over", "under", "about", "around", "through", "throughout", "between",
	"against", "within", "without", "across", "toward", "towards", "inside", "outside", "upon",
	"whereas", "then", "there", "here", "not", "no", "also", "still", "only", "just", "all", "both",
	"each", "either", "neither", "every", "some", "any", "such", "what", "how", "why", "do", "does",
	"did", "now", "already", "yet", "ago", "later", "earlier", "last", "next", "this", "via", "like",
	"unlike", "despite", "beyond", "below", "above", "along", "behind", "beside", "besides", "off",
	"reportedly", "allegedly", "apparently", "mostly", "mainly", "largely", "including", "excluding",
	"plus", "minus", "versus", "vs", "whether", "until", "till", "unless", "once", "again")

// Measure vocabulary (guide §3).
var (
	// casualtyNouns decide the measure when they head the counted phrase.
	casualtyNouns = map[string]reckon.Measure{
		"deaths": reckon.Killed, "death": reckon.Killed, "dead": reckon.Killed, "fatalities": reckon.Killed,
		"fatality": reckon.Killed, "bodies": reckon.Killed, "body": reckon.Killed, "corpses": reckon.Killed,
		"lives": reckon.Killed, "life": reckon.Killed, "martyrs": reckon.Killed, "killings": reckon.Killed,
		"murders": reckon.Killed, "executions": reckon.Killed,
		"casualties": reckon.Casualties, "casualty": reckon.Casualties, "victims": reckon.Casualties,
		"victim": reckon.Casualties, "losses": reckon.Casualties,
		"injuries": reckon.Wounded, "injured": reckon.Wounded, "wounded": reckon.Wounded, "wounds": reckon.Wounded,
		"refugees": reckon.Displaced, "refugee": reckon.Displaced, "evacuees": reckon.Displaced,
		"idps": reckon.Displaced, "displaced": reckon.Displaced, "homeless": reckon.Displaced,
		"asylum":    reckon.Displaced,
		"prisoners": reckon.Captured, "prisoner": reckon.Captured, "hostages": reckon.Captured,
		"hostage": reckon.Captured, "detainees": reckon.Captured, "detainee": reckon.Captured,
		"captives": reckon.Captured, "captive": reckon.Captured, "pows": reckon.Captured, "pow": reckon.Captured,
		"arrests": reckon.Captured, "abductees": reckon.Captured, "disappearances": reckon.Missing,
		"missing": reckon.Missing,
	}
	// predicateWords decide the measure when they follow the counted
	// phrase ("300 killed", "20 people were confirmed dead").
	predicateWords = map[string]reckon.Measure{
		"killed": reckon.Killed, "dead": reckon.Killed, "died": reckon.Killed, "die": reckon.Killed,
		"dies": reckon.Killed, "dying": reckon.Killed, "perished": reckon.Killed, "perish": reckon.Killed,
		"slain": reckon.Killed, "murdered": reckon.Killed, "executed": reckon.Killed, "massacred": reckon.Killed,
		"slaughtered": reckon.Killed, "drowned": reckon.Killed, "martyred": reckon.Killed, "deceased": reckon.Killed,
		"succumbed": reckon.Killed, "fatally": reckon.Killed, "eliminated": reckon.Killed,
		"neutralized": reckon.Killed, "neutralised": reckon.Killed, "beheaded": reckon.Killed, "buried": reckon.Killed,
		"wounded": reckon.Wounded, "injured": reckon.Wounded, "hurt": reckon.Wounded, "maimed": reckon.Wounded,
		"hospitalized": reckon.Wounded, "hospitalised": reckon.Wounded, "mortally": reckon.Wounded,
		"missing": reckon.Missing, "unaccounted": reckon.Missing, "disappeared": reckon.Missing, "trapped": reckon.Missing,
		"displaced": reckon.Displaced, "homeless": reckon.Displaced, "fled": reckon.Displaced, "flee": reckon.Displaced,
		"fleeing": reckon.Displaced, "evacuated": reckon.Displaced, "uprooted": reckon.Displaced,
		"relocated": reckon.Displaced, "sheltering": reckon.Displaced,
		"captured": reckon.Captured, "detained": reckon.Captured, "arrested": reckon.Captured,
		"abducted": reckon.Captured, "kidnapped": reckon.Captured, "imprisoned": reckon.Captured,
		"jailed": reckon.Captured, "surrendered": reckon.Captured, "freed": reckon.Captured,
		"released": reckon.Captured, "exchanged": reckon.Captured, "swapped": reckon.Captured,
		"repatriated": reckon.Captured, "lynched": reckon.Killed, "gunned": reckon.Killed, "hanged": reckon.Killed,
		"deployed": reckon.Deployed, "stationed": reckon.Deployed, "mobilized": reckon.Deployed,
		"mobilised": reckon.Deployed, "strong": reckon.Deployed, "sent": reckon.Deployed,
		"dispatched": reckon.Deployed, "enlisted": reckon.Deployed, "conscripted": reckon.Deployed,
		"casualties": reckon.Casualties, "fatal": reckon.Killed,
		"survived": reckon.OtherCount, "rescued": reckon.OtherCount, "evacuees": reckon.Displaced,
		"treated": reckon.Wounded, "housed": reckon.Displaced, "sheltered": reckon.Displaced,
		"infected": reckon.OtherCount, "sickened": reckon.OtherCount,
	}
	// leftCues decide the measure when they come before the number in its
	// clause ("killing 4 crew members", "the death toll rose to 65").
	leftCues = map[string]reckon.Measure{
		"killed": reckon.Killed, "killing": reckon.Killed, "kills": reckon.Killed, "kill": reckon.Killed,
		"killings": reckon.Killed, "lost": reckon.Killed, "losing": reckon.Killed, "dead": reckon.Killed, "died": reckon.Killed, "deaths": reckon.Killed,
		"death": reckon.Killed, "fatalities": reckon.Killed, "toll": reckon.Killed, "executed": reckon.Killed,
		"executing": reckon.Killed, "massacred": reckon.Killed, "murdered": reckon.Killed, "slew": reckon.Killed,
		"eliminated": reckon.Killed, "eliminating": reckon.Killed, "neutralised": reckon.Killed,
		"neutralized": reckon.Killed, "neutralising": reckon.Killed, "neutralizing": reckon.Killed,
		"bodies": reckon.Killed, "lives": reckon.Killed, "perished": reckon.Killed, "drowned": reckon.Killed,
		"injured": reckon.Wounded, "injuring": reckon.Wounded, "wounded": reckon.Wounded,
		"wounding": reckon.Wounded, "injuries": reckon.Wounded, "injures": reckon.Wounded, "hurt": reckon.Wounded,
		"missing": reckon.Missing, "unaccounted": reckon.Missing,
		"displaced": reckon.Displaced, "displacing": reckon.Displaced, "displacement": reckon.Displaced,
		"evacuated": reckon.Displaced, "evacuating": reckon.Displaced, "refugees": reckon.Displaced, "homeless": reckon.Displaced,
		"captured": reckon.Captured, "capturing": reckon.Captured, "detained": reckon.Captured,
		"detaining": reckon.Captured, "arrested": reckon.Captured, "arresting": reckon.Captured,
		"abducted": reckon.Captured, "kidnapped": reckon.Captured, "prisoners": reckon.Captured, "hostages": reckon.Captured,
		"deployed": reckon.Deployed, "deploying": reckon.Deployed, "deploy": reckon.Deployed,
		"deployment": reckon.Deployed, "sent": reckon.Deployed, "sending": reckon.Deployed, "send": reckon.Deployed,
		"dispatched": reckon.Deployed, "dispatching": reckon.Deployed, "mobilized": reckon.Deployed,
		"mobilised": reckon.Deployed, "mobilize": reckon.Deployed, "mobilise": reckon.Deployed,
		"mobilizing": reckon.Deployed, "mobilising": reckon.Deployed, "stationed": reckon.Deployed,
		"reinforcements": reckon.Deployed, "buried": reckon.Killed, "burying": reckon.Killed,
		"losses":     reckon.Casualties,
		"casualties": reckon.Casualties, "victims": reckon.Casualties, "casualty": reckon.Casualties,
	}
	// ofCues decide the measure only right before "of" and the number:
	// "a force of about 70", "a death toll of 65".
	ofCues = map[string]reckon.Measure{
		"force": reckon.Deployed, "army": reckon.Deployed, "contingent": reckon.Deployed,
		"garrison": reckon.Deployed, "strength": reckon.Deployed, "deployment": reckon.Deployed,
		"battalion": reckon.Deployed, "brigade": reckon.Deployed, "division": reckon.Deployed,
		"corps": reckon.Deployed, "detachment": reckon.Deployed, "column": reckon.Deployed,
		"toll": reckon.Killed, "deaths": reckon.Killed, "fatalities": reckon.Killed,
		"capture": reckon.Captured, "captures": reckon.Captured, "detention": reckon.Captured, "release": reckon.Captured,
		"killing": reckon.Killed, "killings": reckon.Killed, "execution": reckon.Killed, "executions": reckon.Killed,
		"remains": reckon.Killed, "bodies": reckon.Killed, "graves": reckon.Killed,
	}
	// personNouns name people; the predicate decides what is counted.
	personNouns = set("people", "persons", "person", "civilians", "civilian", "children", "child", "kids",
		"women", "woman", "man", "boys", "girls", "babies", "infants", "toddlers", "minors",
		"adults", "residents", "villagers", "inhabitants", "citizens", "nationals", "locals", "workers",
		"employees", "staff", "staffers", "journalists", "reporters", "doctors", "nurses", "medics",
		"paramedics", "patients", "students", "pupils", "teachers", "worshippers", "worshipers", "pilgrims",
		"migrants", "passengers", "crew", "crewmen", "members", "miners", "farmers", "fishermen", "tourists",
		"visitors", "officials", "officers", "policemen", "police", "firefighters", "rescuers",
		"volunteers", "protesters", "protestors", "demonstrators", "individuals", "families", "relatives",
		"survivors", "elderly", "youths", "teenagers", "teens", "infants", "settlers", "shoppers",
		"diplomats", "leaders", "commanders", "generals", "mayors", "lawmakers", "ministers", "clerics",
		"priests", "monks", "nuns", "athletes", "players", "fans", "guests", "inmates", "suspects",
		"humans", "souls", "others", "contractors", "engineers", "pilots", "sailors",
		"jews", "muslims", "christians", "kurds", "yazidis", "rohingya", "uyghurs", "alawites",
		"druze", "tutsis", "hutus", "arabs", "bedouins", "roma", "sikhs", "hindus", "buddhists",
		"household", "households", "newborns", "orphans", "widows", "volunteer", "employee", "resident",
		"journalist", "doctor", "nurse", "student", "passenger", "worker", "teacher", "farmer", "official",
		"officer", "individual", "pedestrians", "motorists", "drivers", "residents", "homeowners")
	// militaryNouns name fighters; with no other cue they count a force
	// (deployed).
	militaryNouns = set("troops", "troop", "soldiers", "soldier", "fighters", "fighter", "personnel",
		"servicemen", "servicemembers", "servicewomen", "marines", "airmen", "paratroopers",
		"reservists", "conscripts", "recruits", "mercenaries", "militiamen", "militia", "militants",
		"insurgents", "rebels", "guerrillas", "guerillas", "commandos", "guards", "guardsmen",
		"peacekeepers", "gunmen", "jihadists", "combatants", "infantrymen", "warriors", "cadets",
		"men", "forces", "sappers", "snipers", "gunners", "operatives", "mobiks",
		"legionnaires", "cossacks", "musketeers", "riflemen", "cavalrymen", "cavalry", "infantry",
		"defenders", "attackers", "raiders", "regulars", "partisans", "fedayeen", "mujahideen")

	// thingNouns name things that are never casualties themselves.
	thingNouns = set("houses", "homes", "buildings", "structures", "schools", "hospitals", "clinics",
		"mosques", "churches", "temples", "sites", "targets", "villages", "towns", "cities", "settlements",
		"vessels", "ships", "boats", "vehicles", "cars", "trucks", "lorries", "tanks", "aircraft", "planes",
		"jets", "helicopters", "drones", "missiles", "rockets", "shells", "shell", "bombs", "munitions",
		"weapons", "rounds", "mines", "landmines", "aftershocks", "quakes", "tremors", "strikes",
		"airstrikes", "attacks", "raids", "incidents", "portraits", "photographs", "photos", "images",
		"dams", "bridges", "roads", "teams", "groups", "units", "brigades", "battalions", "divisions",
		"regiments", "companies", "convoys", "tents", "shelters", "camps", "centres", "centers",
		"facilities", "countries", "nations", "states", "provinces", "districts", "regions", "areas",
		"communities", "organizations", "organisations", "agencies", "documents", "files", "records",
		"datasets", "cases", "reports", "articles", "doses", "meals", "packages", "parcels", "sorties",
		"flights", "languages", "species", "animals", "cattle", "livestock", "trees", "votes", "seats",
		"posts", "tweets", "calls", "points", "positions", "checkpoints", "tunnels", "launchers",
		"batteries", "systems", "guns", "rifles", "pieces", "items", "objects", "goods", "containers",
		"warehouses", "apartments", "flats", "blocks", "floors", "bunkers", "outposts", "bases",
		"airports", "ports", "factories", "plants", "stations", "offices", "shops", "stores", "markets",
		"farms", "fields", "wells", "pipes", "lines", "cables", "towers", "monuments", "memorials",
		"graves", "coffins", "names", "lists", "letters", "books", "pages", "videos", "satellites",
		"resolutions", "laws", "bills", "charges", "counts", "claims", "requests", "applications",
		"applicants", "permits", "visas", "trips", "visits", "meetings", "talks", "rounds", "waves",
		"explosions", "blasts", "fires", "floods", "landslides", "storms", "typhoons", "hurricanes",
		"earthquakes", "eruptions", "epidemics", "outbreaks", "infections", "samples", "tests",
		"kits", "supplies", "pallets", "crates", "sacks", "bags", "boxes", "vials", "beds", "wards",
		"ambulances", "buses", "trains", "wagons", "carriages", "ferries", "barges", "warships",
		"submarines", "frigates", "destroyers", "carriers", "fighters-bombers", "bombers", "hectares",
		"acres", "kilometres", "miles", "neighbourhoods", "neighborhoods", "streets", "blocks",
		"municipalities", "governorates", "oblasts", "cantons", "counties", "parishes", "islands",
		"hamlets", "zones", "sectors", "fronts", "trenches", "positions", "objects", "targets")
	// skipAfterNumber are words between a number and the rest of its phrase
	// that do not change what is counted ("five more", "171 others").
	skipAfterNumber = set("more", "other", "others", "additional", "further", "extra", "new", "fellow",
		"known", "confirmed", "reported", "suspected", "alleged", "identified", "documented")
)

// Attribution vocabulary (guide §6).
var (
	// reportVerbs introduce who gives a figure: "X said", "said X".
	reportVerbs = set("said", "says", "say", "saying", "told", "tells", "tell", "reported", "reports", "report",
		"estimated", "estimates", "estimate", "confirmed", "confirms", "confirm", "announced", "announces",
		"announce", "stated", "states", "added", "adds", "claimed", "claims", "claim", "wrote", "writes",
		"noted", "notes", "recorded", "records", "record", "counted", "counts", "count", "documented",
		"documents", "tallied", "tallies", "registered", "registers", "listed", "lists", "published",
		"publishes", "presented", "presents", "revealed", "reveals", "disclosed", "discloses",
		"acknowledged", "acknowledges", "admitted", "admits", "admit", "insisted", "insists", "explained",
		"explains", "warned", "warns", "described", "describes", "characterizes", "characterized",
		"characterises", "characterised", "showed", "show", "shows", "indicated", "indicates", "indicate", "suggested",
		"suggests", "suggest", "reveal", "find", "found", "finds", "calculated", "calculates", "assessed", "assesses", "asserted",
		"asserts", "alleged", "alleges", "informed", "briefed", "declared", "declares", "tweeted", "posted",
		"concluded", "concludes", "projected", "projects", "forecast", "forecasts", "predicted", "predicts",
		"expects", "expect", "believes", "believe", "think", "thinks", "suspect", "suspects", "fears", "feared", "verified", "verifies", "identified", "reckons", "reckoned",
		"put", "puts", "putting", "raised", "revised", "updated", "lowered", "cited", "conceded", "concedes",
		"maintained", "maintains", "argued", "argues", "remarked", "recalled", "recalls", "observed",
		"plans", "planned", "planning", "plan", "intends", "intended", "aims", "aimed", "pledged", "pledges",
		"promised", "promises", "vowed", "vows", "proposed", "proposes", "agreed", "agrees", "logged",
		"quoted", "relayed", "replied", "replies", "responded", "answered", "testified", "stressed", "specified",
		"reiterated", "affirmed", "detailed", "outlined", "estimating", "reporting", "confirming", "announcing", "noting", "adding")
	// continuationVerbs carry the previous attribution on: "X said, adding that".
	continuationVerbs = set("saying", "adding", "noting", "reporting", "confirming", "announcing", "estimating")
	// ambiguousReportVerbs are also nouns ("his initial reports", "our
	// estimate"); they are verbs only after a subject.
	ambiguousReportVerbs = set("reports", "report", "estimates", "estimate", "counts", "count", "claims",
		"claim", "records", "record", "notes", "states", "documents", "lists", "show", "shows", "plan",
		"plans", "forecast", "forecasts", "projects", "fears", "found", "finds", "say",
		"tell", "confirm", "announce", "admit", "estimating", "suggest", "indicate", "reveal", "find")
	// tollObjectVerbs are report verbs only when their object is a figure:
	// "officials raised the death toll to 65".
	tollObjectVerbs = set("put", "puts", "putting", "raised", "revised", "updated", "lowered")
	tollNouns       = set("toll", "number", "figure", "figures", "count", "tally", "estimate", "estimates", "death",
		"casualty", "casualties", "losses", "dead", "deaths", "strength", "size")
	beForms     = set("is", "are", "was", "were", "be", "been", "being", "am", "'s", "get", "got", "gets")
	determiners = set("the", "a", "an", "this", "that", "these", "those", "its", "his", "her", "their",
		"our", "my", "your", "whose", "initial", "latest", "new", "official", "preliminary", "previous",
		"earlier", "separate", "recent", "final", "first", "annual", "monthly", "weekly", "daily",
		"average", "conservative", "upper", "lower", "central", "best", "rough", "own", "independent",
		"one", "two", "three", "several", "many", "some", "any", "no", "of", "in", "on", "at", "by", "for",
		"from", "with", "to", "into", "media", "news", "press", "such", "other", "unconfirmed")
	// subjectSkip are words between a subject and its verb: "RBC Ukraine
	// earlier reported", "the mission has so far confirmed".
	subjectSkip = set("has", "have", "had", "also", "earlier", "later", "previously", "initially", "separately",
		"further", "now", "recently", "repeatedly", "publicly", "officially", "so", "far", "then", "would",
		"will", "could", "may", "might", "already", "first", "last", "reportedly", "today", "yesterday",
		"on", "late", "early", "did", "does", "do", "just", "since", "again", "jointly", "originally",
		"subsequently", "eventually", "finally", "personally", "once", "had", "been", "independently",
		"this", "week", "month", "morning", "evening", "night", "afternoon", "in", "a", "statement", "not")
	// clauseWords end a subject phrase when read right to left.
	clauseWords = set("that", "which", "who", "whom", "when", "while", "whilst", "where", "after", "before",
		"as", "because", "since", "if", "although", "though", "but", "so", "then", "and", "or", "whereas",
		"until", "unless", "once", "than", "given", "whether", "what", "how", "why", "said", "says", "told",
		"reported", "with")
	// sourceNouns head a subject that gives figures without a report verb:
	// "Most modern historians ... lean toward", "Their estimates were".
	sourceNouns = set("historians", "researchers", "experts", "scholars", "analysts", "estimates", "estimate",
		"officials", "authorities", "monitors", "observers", "investigators", "sources", "figures",
		"statistics", "data", "study", "studies", "survey", "surveys", "census", "tally", "count",
		"records", "scientists", "demographers", "epidemiologists", "academics", "observatory")
	// sourceBodies end the name of a body that gives figures; a headline
	// "X: …" takes X as its source only when X ends in one (or is an
	// acronym).
	sourceBodies = set("ministry", "police", "army", "military", "agency", "office", "officials", "authorities",
		"spokesman", "spokeswoman", "spokesperson", "governor", "minister", "president", "mayor", "monitor",
		"observatory", "group", "council", "government", "commission", "committee", "mission", "organization",
		"organisation", "institute", "service", "services", "department", "command", "charity", "cross",
		"crescent", "rescuers", "medics", "doctors", "coroner", "junta", "administration", "media", "report",
		"un", "who", "unhcr", "unicef", "ocha", "icrc", "iom", "msf")
	// notSourceAcronyms are upper-case words before a headline colon that
	// name a place or a label, not a source.
	notSourceAcronyms = set("us", "uk", "usa", "uae", "drc", "car", "gb", "nyc", "dc", "la", "faq", "pdf", "url",
		"tv", "ap", "afp", "upd", "q", "a", "pm", "am", "gmt", "utc", "et", "pt", "bst", "cet")
	// possessiveSourceNouns follow "X's" when X gives the figure: "the
	// ministry's tally".
	possessiveSourceNouns = set("tally", "count", "figures", "figure", "estimate", "estimates", "data", "toll",
		"report", "reports", "statistics", "numbers", "records", "assessment", "calculations",
		"tallies", "counts", "findings", "analysis", "survey")
	// possessiveAdjectives may stand between "X's" and its source noun.
	possessiveAdjectives = set("latest", "official", "own", "updated", "preliminary", "death", "casualty",
		"most", "new", "final", "last", "revised", "recent", "current", "first", "initial", "daily", "weekly")
)

// Projection cues (guide §1 "projected").
var projectionWords = set("expected", "expect", "expects", "forecast", "forecasts", "projected", "predicted",
	"predicts", "could", "might", "will", "plan", "plans", "planned", "planning", "intends", "intend",
	"intended", "aims", "aim", "likely", "poised", "feared", "fear", "fears", "potentially", "pledged",
	"promised", "vowed", "proposed", "proposes", "would", "shall", "if", "scheduled", "set", "due",
	"anticipated", "anticipate", "may")
