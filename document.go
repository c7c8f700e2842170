package reckon

import "time"

// Document is a text that claims were extracted from: an article, a
// statement, a transcript. Its text is stored once; Hash (hex SHA-256 of
// the text) is unique within a workspace.
type Document struct {
	ID        int64  `json:"id"`
	SourceID  int64  `json:"source_id"`
	Title     string `json:"title,omitempty"`
	URL       string `json:"url,omitempty"`
	Published Date   `json:"published,omitzero"` // when the source published it
	Hash      string `json:"hash"`
	Size      int64  `json:"size"` // bytes of text
	Claims    int    `json:"claims"`
	// Lang is the language the claims were read in (ISO 639-1: en, ko,
	// ru, uk), as given when the text was added or detected from its
	// first chunk. Documents added before languages were kept have "".
	Lang    string    `json:"lang,omitempty"`
	AddedAt time.Time `json:"added_at"`
}

// Chunk is a piece of a document's text at byte Offset, with the claims
// found in it. Claim offsets are relative to the whole document. Chunks
// let a document of any size be added without holding it in memory.
type Chunk struct {
	Offset int64
	Text   string
	Claims []Claim
	// Lang is the language the claims were read in (ISO 639-1), the same
	// for every chunk of a document.
	Lang string
}

// CheckLang checks the language of a document: "" (not known) or an ISO
// 639 code of two or three lower-case letters ("en", "ko"). Both stores
// apply it.
func CheckLang(lang string) error {
	if lang == "" {
		return nil
	}
	if len(lang) < 2 || len(lang) > 3 {
		return Errorf(EINVALID, "language %s is not a two- or three-letter code such as en or ko", Quote(lang))
	}
	for i := 0; i < len(lang); i++ {
		if lang[i] < 'a' || lang[i] > 'z' {
			return Errorf(EINVALID, "language %s is not a two- or three-letter code such as en or ko", Quote(lang))
		}
	}
	return nil
}
