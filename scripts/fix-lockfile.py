# npm here writes a lock without entries for rollup platform packages the registry mirror lacks, and
# `npm ci` then refuses it. This adds os/cpu-tagged optional stubs so npm ci skips them. Run after `npm install`:
#   python3 scripts/fix-lockfile.py package-lock.json
import json,sys,re
p=sys.argv[1]
lock=json.load(open(p))
pk=lock['packages']
added=0
for name,meta in list(pk.items()):
    for dep,ver in (meta.get('optionalDependencies') or {}).items():
        key='node_modules/'+dep
        if key in pk: continue
        m=re.match(r'@rollup/rollup-([a-z0-9]+)-(.*)$',dep)
        if not m: 
            print('skip',dep); continue
        os_,rest=m.group(1),m.group(2)
        cpu=rest.split('-')[0]
        if cpu=='arm': cpu='arm'
        entry={"version":ver,"cpu":[cpu],"dev":True,"license":"MIT","optional":True,"os":[os_]}
        if rest.endswith('musl') or 'musleabihf' in rest: entry['libc']=['musl']
        if rest.endswith('-gnu') or 'gnueabihf' in rest: entry['libc']=['glibc']
        pk[key]=entry; added+=1
json.dump(lock,open(p,'w'),indent=2); open(p,'a').write('\n')
print('added',added)
