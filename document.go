package reckon

import "time"

// Document is a text that claims were extracted from: an article, a
// statement, a transcript. Its text is stored once; Hash (hex SHA-256 of
// the text) is unique within a workspace.
type Document struct {
	ID        int64     `json:"id"`
	SourceID  int64     `json:"source_id"`
	Title     string    `json:"title,omitempty"`
	URL       string    `json:"url,omitempty"`
	Published Date      `json:"published,omitzero"` // when the source published it
	Hash      string    `json:"hash"`
	Size      int64     `json:"size"` // bytes of text
	Claims    int       `json:"claims"`
	AddedAt   time.Time `json:"added_at"`
}

// Chunk is a piece of a document's text at byte Offset, with the claims
// found in it. Claim offsets are relative to the whole document. Chunks
// let a document of any size be added without holding it in memory.
type Chunk struct {
	Offset int64
	Text   string
	Claims []Claim
}
