// Command argocd-lua runs Argo CD health scripts with Argo CD's own Lua VM (github.com/argoproj/argo-cd/v3/util/lua,
// gopher-lua in Argo CD's sandbox), so test/argocd checks docs/argocd/health.lua in the engine that will run it.
//
// Usage: argocd-lua -cm ARGOCD_CM_PATCH.yaml < objects.json
//
// The script is taken from the argocd-cm patch the user installs (resource.customizations.health.<group>_<kind>),
// parsed by Argo CD's settings code, and each object finds its script by its own group/kind, as the application
// controller does. stdin is a JSON array of objects; stdout is a JSON array with {status, message} or {error} per object.
// Built by test/env/build-tools.sh in a wrapper module that requires the pinned Argo CD version.
package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/argoproj/argo-cd/v3/common"
	argolua "github.com/argoproj/argo-cd/v3/util/lua"
	"github.com/argoproj/argo-cd/v3/util/settings"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/client-go/kubernetes/fake"
	"sigs.k8s.io/yaml"
)

const namespace = "argocd"

type result struct {
	Status  string `json:"status,omitempty"`
	Message string `json:"message"`
	Error   string `json:"error,omitempty"`
}

// overridesFromConfigMap reads the health customizations the way the application controller does: the ConfigMap
// is served as argocd-cm (labelled part-of argocd) by a fake clientset to Argo CD's own SettingsManager, whose
// GetResourceOverrides parses the "resource.customizations.health.<group>_<kind>" keys.
func overridesFromConfigMap(path string) (argolua.ResourceHealthOverrides, error) {
	raw, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var cm corev1.ConfigMap
	if err := yaml.Unmarshal(raw, &cm); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	cm.Name = common.ArgoCDConfigMapName
	cm.Namespace = namespace
	cm.Labels = map[string]string{"app.kubernetes.io/part-of": "argocd"}
	secret := corev1.Secret{ObjectMeta: metav1.ObjectMeta{
		Name: common.ArgoCDSecretName, Namespace: namespace, Labels: cm.Labels,
	}}
	clientset := fake.NewClientset(&cm, &secret)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	overrides, err := settings.NewSettingsManager(ctx, clientset, namespace).GetResourceOverrides()
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return overrides, nil
}

func evaluate(overrides argolua.ResourceHealthOverrides, raw json.RawMessage) result {
	obj := &unstructured.Unstructured{}
	// UnmarshalJSON decodes integers as int64, as the objects the application controller holds.
	if err := obj.UnmarshalJSON(raw); err != nil {
		return result{Error: "object: " + err.Error()}
	}
	health, err := overrides.GetResourceHealth(obj)
	if err != nil {
		return result{Error: err.Error()}
	}
	if health == nil {
		return result{Error: "no health script for " + argolua.GetConfigMapKey(obj.GroupVersionKind())}
	}
	return result{Status: string(health.Status), Message: health.Message}
}

func main() {
	cmPath := flag.String("cm", "", "argocd-cm (patch) YAML holding resource.customizations.health.* keys")
	flag.Parse()
	if *cmPath == "" {
		fmt.Fprintln(os.Stderr, "argocd-lua: -cm is required")
		os.Exit(2)
	}
	overrides, err := overridesFromConfigMap(*cmPath)
	if err != nil {
		fmt.Fprintln(os.Stderr, "argocd-lua:", err)
		os.Exit(1)
	}
	input, err := io.ReadAll(os.Stdin)
	if err != nil {
		fmt.Fprintln(os.Stderr, "argocd-lua: reading stdin:", err)
		os.Exit(1)
	}
	var objects []json.RawMessage
	if err := json.Unmarshal(input, &objects); err != nil {
		fmt.Fprintln(os.Stderr, "argocd-lua: stdin must be a JSON array of objects:", err)
		os.Exit(1)
	}
	results := make([]result, 0, len(objects))
	for _, raw := range objects {
		results = append(results, evaluate(overrides, raw))
	}
	if err := json.NewEncoder(os.Stdout).Encode(results); err != nil {
		fmt.Fprintln(os.Stderr, "argocd-lua:", err)
		os.Exit(1)
	}
}
