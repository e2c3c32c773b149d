// CoreDNS for the sandbox cluster with only the plugins a cluster's DNS uses, the way CoreDNS
// documents building it as a library: its own main, its plugin packages, its directive order.
// Leaving out the cloud plugins (route53, azure, clouddns, ...) keeps their SDKs out of the build.
// Built by scripts/setup/kubernetes.sh in a module that requires github.com/coredns/coredns at
// COREDNS_VERSION (scripts/versions.env).
package main

import (
	"github.com/coredns/coredns/core/dnsserver"
	"github.com/coredns/coredns/coremain"

	_ "github.com/coredns/coredns/plugin/cache"
	_ "github.com/coredns/coredns/plugin/errors"
	_ "github.com/coredns/coredns/plugin/forward"
	_ "github.com/coredns/coredns/plugin/health"
	_ "github.com/coredns/coredns/plugin/hosts"
	_ "github.com/coredns/coredns/plugin/kubernetes"
	_ "github.com/coredns/coredns/plugin/loadbalance"
	_ "github.com/coredns/coredns/plugin/log"
	_ "github.com/coredns/coredns/plugin/loop"
	_ "github.com/coredns/coredns/plugin/metrics"
	_ "github.com/coredns/coredns/plugin/ready"
	_ "github.com/coredns/coredns/plugin/reload"
)

// The upstream order (core/dnsserver/zdirectives.go) restricted to the plugins above.
var directives = []string{
	"reload", "ready", "health", "prometheus", "errors", "log", "loadbalance", "cache",
	"hosts", "kubernetes", "loop", "forward",
}

func init() {
	dnsserver.Directives = directives
}

func main() {
	coremain.Run()
}
