package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"testing"

	"github.com/reckonhq/reckon/extract"
)

// jsonlCorpus makes about size bytes of JSON lines of news-like sentences
// written for this benchmark.
func jsonlCorpus(size int) []byte {
	sents := []string{
		"Officials said on Monday that at least 300 soldiers were killed and about 2,000 wounded in the fighting near the border.",
		"The ministry reported that more than 1,200 people had fled their homes, while dozens remain missing, according to the regional governor.",
		"A spokesman for the agency estimated that between 400 and 500 troops had been deployed to the area by March 3.",
		"The weather was mild on Tuesday and the market reopened after a week of repairs to the 3rd Street bridge.",
		"Rescue teams recovered 17 bodies from the rubble of a 12-storey building, the civil defence service said.",
	}
	var b bytes.Buffer
	for i := 0; b.Len() < size; i++ {
		line, _ := json.Marshal(map[string]any{"id": fmt.Sprintf("d%d", i), "text": sents[i%len(sents)] + " " + sents[(i*7+3)%len(sents)]})
		b.Write(line)
		b.WriteByte('\n')
	}
	return b.Bytes()
}

// BenchmarkJSONL measures reckon extract --jsonl end to end: decoding,
// extraction and encoding. The bar: 10 MB in under 1 s of CPU.
func BenchmarkJSONL(b *testing.B) {
	in := jsonlCorpus(1 << 20)
	b.SetBytes(int64(len(in)))
	for b.Loop() {
		e := &env{stdin: bytes.NewReader(in), stdout: io.Discard, stderr: io.Discard}
		if err := runJSONL(e, extract.Auto); err != nil {
			b.Fatal(err)
		}
	}
}
