# TFLint over the synthesized stacks (cdktf.out/stacks/<stack>/cdk.tf.json): the `terraform` job of
# .github/workflows/ci.yml runs it on every stack of config/default.yaml and each config/examples file.
# TFLint itself is pinned there (v0.64.0); its bundled terraform ruleset comes with it.
plugin "terraform" {
  enabled = true
  preset  = "recommended"
}

plugin "google" {
  enabled = true
  version = "0.39.0"
  source  = "github.com/terraform-linters/tflint-ruleset-google"
}

# Not in the recommended preset: every output says what it is (issue 20).
rule "terraform_documented_outputs" {
  enabled = true
}
