/**
 * js-yaml counts depth its own way (a block sequence entry costs it two levels); flowguard enforces
 * the exact limit itself (parse/yaml.ts for templates, graph/terraform/yaml-decode.ts for Terraform's
 * `yamldecode()`) and gives js-yaml this much slack, so it only trips on input that is refused anyway.
 */
export const JS_YAML_DEPTH_SLACK = 16;
