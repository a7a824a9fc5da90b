// Command k8s-check validates Kubernetes manifests offline against the API types that client-go
// compiles in: every YAML document (from the files named, or stdin) is decoded strictly into its
// typed object, so a misspelled field, a wrong type or an unknown kind fails, naming the field.
// It stands in for kubeconform, whose JSON schemas are downloaded (test/deploy/helm-chart.test.ts).
package main

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"

	"k8s.io/apimachinery/pkg/api/meta"
	"k8s.io/apimachinery/pkg/runtime/serializer"
	"k8s.io/apimachinery/pkg/util/yaml"
	"k8s.io/client-go/kubernetes/scheme"
)

func main() {
	inputs := os.Args[1:]
	if len(inputs) == 0 {
		inputs = []string{"-"}
	}
	decoder := serializer.NewCodecFactory(scheme.Scheme, serializer.EnableStrict).UniversalDeserializer()
	checked, failed := 0, 0
	for _, name := range inputs {
		in, err := open(name)
		if err != nil {
			fmt.Fprintf(os.Stderr, "%s: %v\n", name, err)
			os.Exit(2)
		}
		reader := yaml.NewYAMLReader(bufio.NewReader(in))
		for index := 1; ; index++ {
			doc, err := reader.Read()
			if errors.Is(err, io.EOF) {
				break
			}
			if err != nil {
				fmt.Fprintf(os.Stderr, "%s: document %d: %v\n", name, index, err)
				os.Exit(2)
			}
			if isEmpty(doc) {
				continue
			}
			checked++
			where := fmt.Sprintf("%s document %d%s", name, index, source(doc))
			obj, gvk, err := decoder.Decode(doc, nil, nil)
			if err != nil {
				failed++
				fmt.Printf("FAIL %s: %v\n", where, err)
				continue
			}
			object, err := meta.Accessor(obj)
			if err != nil {
				failed++
				fmt.Printf("FAIL %s: %v\n", where, err)
				continue
			}
			fmt.Printf("ok   %s: %s %s/%s\n", where, gvk.GroupVersion(), gvk.Kind, object.GetName())
		}
		in.Close()
	}
	fmt.Printf("%d documents checked, %d failed\n", checked, failed)
	if failed > 0 || checked == 0 {
		os.Exit(1)
	}
}

func open(name string) (io.ReadCloser, error) {
	if name == "-" {
		return io.NopCloser(os.Stdin), nil
	}
	return os.Open(name)
}

// source: the template that rendered the document, from the `# Source:` line helm template writes.
func source(doc []byte) string {
	for _, line := range bytes.Split(doc, []byte("\n")) {
		if rest, ok := bytes.CutPrefix(bytes.TrimSpace(line), []byte("# Source: ")); ok {
			return fmt.Sprintf(" (%s)", rest)
		}
	}
	return ""
}

// isEmpty: a document of comments only (helm template writes `# Source:` lines) or blank.
func isEmpty(doc []byte) bool {
	for _, line := range bytes.Split(doc, []byte("\n")) {
		line = bytes.TrimSpace(line)
		if len(line) > 0 && line[0] != '#' && !bytes.Equal(line, []byte("---")) {
			return false
		}
	}
	return true
}
