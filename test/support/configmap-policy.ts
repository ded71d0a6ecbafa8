// A ValidatingAdmissionPolicy (CEL, no webhook) and its binding that refuse ConfigMap writes in one namespace
// matching an expression: how tests make the real API server refuse exactly the object they choose (422).

export interface ConfigMapValidation {
  /** CEL over `object`; a write is refused when it is false. */
  expression: string;
  message: string;
}

/** The policy and its binding, named `name`, for CREATE and UPDATE of ConfigMaps in `namespace`. */
export function configMapPolicy(name: string, namespace: string, validation: ConfigMapValidation): object[] {
  return [
    {
      apiVersion: "admissionregistration.k8s.io/v1",
      kind: "ValidatingAdmissionPolicy",
      metadata: { name },
      spec: {
        failurePolicy: "Fail",
        matchConstraints: {
          resourceRules: [
            {
              apiGroups: [""],
              apiVersions: ["v1"],
              operations: ["CREATE", "UPDATE"],
              resources: ["configmaps"],
            },
          ],
        },
        validations: [validation],
      },
    },
    {
      apiVersion: "admissionregistration.k8s.io/v1",
      kind: "ValidatingAdmissionPolicyBinding",
      metadata: { name },
      spec: {
        policyName: name,
        validationActions: ["Deny"],
        matchResources: { namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": namespace } } },
      },
    },
  ];
}
