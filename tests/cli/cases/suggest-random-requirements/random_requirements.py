"""Random requirement sets (seeded) through `auditsim suggest`: each either conflicts
(exit 1, reported) or gives a policy under which every recorded request meets its
requirements (exit 0) and that passes its own --tests file. Usage:
random_requirements.py SEED WORKDIR (AUDITSIM in the environment)."""
import json, os, random, subprocess, sys
random.seed(int(sys.argv[1]))
B=os.environ["AUDITSIM"]
W=sys.argv[2]
logs=["fixtures/scenarios/security-categories.yaml","fixtures/scenarios/flows.yaml","fixtures/logs/audit2rbac-demo.jsonl","fixtures/scenarios/url-forms.yaml"]
levels=["None","Metadata","Request","RequestResponse"]
def sel():
    d={}
    r=random.random()
    if random.random()<0.3: d["verbs"]=random.sample(["get","list","watch","create","update","patch","delete"],random.randint(1,3))
    if random.random()<0.15: d["users"]=random.sample(["system:admin","alice","system:kube-scheduler","bob"],random.randint(1,2))
    if random.random()<0.1: d["userGroups"]=random.sample(["system:masters","system:authenticated","system:nodes"],1)
    if r<0.5:
        ents=[]
        for _ in range(random.randint(1,2)):
            g=random.choice(["","apps","rbac.authorization.k8s.io","coordination.k8s.io"])
            e={"group":g}
            if random.random()<0.7:
                e["resources"]=random.sample(["*","pods","pods/*","*/status","pods/exec","secrets","deployments","leases","roles","configmaps","nodes/status"],random.randint(1,2))
            ents.append(e)
        d["resources"]=ents
        if random.random()<0.2: d["namespaces"]=random.sample(["default","kube-system",""],1)
    elif r<0.7:
        d["nonResourceURLs"]=random.sample(["/healthz*","/api*","/version","*","/apis/*","/metrics"],random.randint(1,2))
    return d
def req():
    d=sel()
    a=random.randint(0,3); b=random.randint(a,3)
    if random.random()<0.5: d["atLeast"]=levels[a]
    if random.random()<0.4: d["atMost"]=levels[b]
    if random.random()<0.3: d["except"]=[sel() for _ in range(random.randint(1,2))]
    if random.random()<0.1: d["stages"]=["ResponseStarted"]
    return d
doc={"requirements":[req() for _ in range(random.randint(1,6))]}
open(W+"/fz.json","w").write(json.dumps(doc))
p=subprocess.run([B,"suggest","--require",W+"/fz.json","--against","policies/gke.yaml","-o",W+"/fz-policy.yaml","--tests",W+"/fz-tests.yaml"]+logs,capture_output=True,text=True)
if p.returncode==0:
    t=subprocess.run([B,"test",W+"/fz-policy.yaml",W+"/fz-tests.yaml"],capture_output=True,text=True)
    if t.returncode!=0:
        print("TESTFAIL", sys.argv[1], t.stdout[-500:], t.stderr[-500:]); sys.exit(1)
    print("ok", sys.argv[1])
elif "conflict" in p.stderr or "no single rule" in p.stderr:
    print("conflict", sys.argv[1])
else:
    print("FAIL", sys.argv[1], p.returncode, p.stderr[-800:]); sys.exit(1)
